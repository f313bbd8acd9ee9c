from tests.practices.conftest import make_practice


def test_smoke(client, index, association_a, editor_a):
    practice = make_practice(index, association_a)
    response = client.get("/pratiques/")
    assert response.status_code == 200, response.content[:3000]
    assert practice.title in response.content.decode()
    response = client.get(practice.url)
    assert response.status_code == 200, response.content.decode()[:5000]
