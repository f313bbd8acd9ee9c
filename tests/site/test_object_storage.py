"""Media on an S3-compatible object store (moto in server mode): uploads and private
downloads go through our views, nothing in the bucket is public, names stay random.

Runs in the PostgreSQL pass (several machines means PostgreSQL); ``S3_TEST=1`` runs it on
the embedded default too.
"""

import os

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from moto.server import ThreadedMotoServer

from entraide.backup import create_backup
from entraide.objectstore import PrivateS3Storage
from tests.workspace.test_topics import PDF, PROPOSE, proposal
from workspace.models import TopicAttachment

pytestmark = pytest.mark.skipif(
    not (os.environ.get("DATABASE_URL", "").startswith("postgres") or os.environ.get("S3_TEST")),
    reason="object storage: PostgreSQL pass (or S3_TEST=1)",
)

BUCKET = "entraide-media"
PUBLIC = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_server, settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="eu-west-3",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
    )
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "entraide.objectstore.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "eu-west-3",
                "access_key": "testing",
                "secret_key": "testing",
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def public_grants(client, key):
    grants = client.get_object_acl(Bucket=BUCKET, Key=key)["Grants"]
    return [g for g in grants if g["Grantee"].get("URI") in PUBLIC]


@pytest.mark.django_db
def test_uploads_and_private_downloads_go_through_our_views(
    bucket, s3_server, client_for, member_a, member_b, meeting
):
    client = client_for(member_a)
    upload = SimpleUploadedFile("compte rendu.pdf", PDF, content_type="application/pdf")
    response = client.post(PROPOSE, {**proposal(), "attachments": upload})
    assert response.status_code == 302
    attachment = TopicAttachment.objects.get()
    assert isinstance(attachment.file.storage._wrapped, PrivateS3Storage)

    # In the bucket, under a random name, not public.
    keys = [item["Key"] for item in bucket.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [attachment.file.name]
    assert "compte" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert public_grants(bucket, attachment.file.name) == []
    assert bucket.get_object(Bucket=BUCKET, Key=attachment.file.name)["Body"].read() == PDF

    # Downloads: through the permission-checked view only.
    url = reverse("meetings:attachment", args=[attachment.topic_id, attachment.pk])
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Cache-Control"].startswith("private")
    assert client_for(member_b).get(url).status_code == 404
    assert client_for(None).get(url).status_code in (302, 404)
    # The topic page links our address, never the bucket's.
    topic_page = client_for(member_a).get(reverse("meetings:topic", args=[attachment.topic_id]))
    assert topic_page.status_code == 200, topic_page.status_code
    page = topic_page.content.decode()
    assert url in page and s3_server not in page and BUCKET not in page
    # The storage's own URL is ours too.
    assert attachment.file.url == f"/fichiers/{attachment.file.name}"
    assert client_for(member_b).get(attachment.file.url).status_code == 404


@pytest.mark.django_db
def test_saved_files_get_random_names_and_no_public_acl(bucket):
    # Model fields name their files through generate_filename, as on disk.
    names = [default_storage.generate_filename("topics/planning.pdf") for _ in range(2)]
    first, second = (default_storage.save(name, ContentFile(PDF)) for name in names)
    assert first != second and "planning" not in first
    for key in (first, second):
        assert public_grants(bucket, key) == []
    assert bucket.get_bucket_acl(Bucket=BUCKET)["Grants"]
    assert not [
        g
        for g in bucket.get_bucket_acl(Bucket=BUCKET)["Grants"]
        if g["Grantee"].get("URI") in PUBLIC
    ]


@pytest.mark.django_db(transaction=True)
def test_a_backup_then_holds_the_database_only(bucket, tmp_path):
    default_storage.save(default_storage.generate_filename("topics/a.pdf"), ContentFile(PDF))
    _, manifest = create_backup(tmp_path / "site.tar.gz")
    assert manifest["media"] == {} and manifest["media_storage"].startswith("object store")
