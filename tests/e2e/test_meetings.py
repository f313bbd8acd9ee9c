"""Journey of the meetings: propose, accept, publish, comment, answer attendance, download .ics."""

import re
from pathlib import Path

from icalendar import Calendar
from playwright.sync_api import expect

from tests.e2e.conftest import check_page, log_in
from tests.factories import PASSWORD, make_meeting

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + b"\x00" * 40


def test_topic_to_agenda_to_comment_to_attendance_to_calendar(
    new_page, coordinator, editor_a, member_b, association_a, association_b, mailoutbox
):
    association_b.accepts_hosting = True
    association_b.save()
    meeting = make_meeting(coordinator, days_ahead=25, host=association_b)

    # An association editor proposes a topic.
    editor = new_page()
    log_in(editor, editor_a.email, PASSWORD)
    editor.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Réunions"
    ).click()
    check_page(editor, "meetings-index")
    editor.get_by_role("link", name="Sujets et propositions").click()
    editor.get_by_role("link", name="Proposer un sujet").first.click()
    check_page(editor, "topic-propose")
    editor.get_by_label(re.compile(r"^Titre")).fill("Maraudes d'hiver : coordonner les soirs")
    editor.get_by_role("button", name="Envoyer la proposition").click()
    expect(editor.get_by_role("alert")).to_contain_text("Décrivez le sujet en quelques phrases.")
    expect(editor.get_by_label(re.compile(r"^Titre"))).to_have_value(
        "Maraudes d'hiver : coordonner les soirs"
    )
    editor.get_by_label(re.compile(r"^Description")).fill(
        "Plusieurs associations passent le même soir ; aucune le mercredi."
    )
    editor.get_by_label(re.compile(r"^Pièces jointes")).set_input_files(
        [
            {"name": "planning.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "tournees.png", "mimeType": "image/png", "buffer": PNG},
        ]
    )
    editor.get_by_role("button", name="Envoyer la proposition").click()
    expect(editor.get_by_role("heading", level=1)).to_have_text(
        "Maraudes d'hiver : coordonner les soirs"
    )
    expect(editor.locator(".badge-proposed")).to_have_text("Proposé")
    attachments = editor.get_by_role("region", name="Pièces jointes")
    expect(attachments.get_by_role("link")).to_have_text(["planning.pdf", "tournees.png"])
    check_page(editor, "topic-proposed")
    # It changes its mind about one file.
    editor.get_by_role("link", name="Modifier la proposition").click()
    editor.get_by_label(re.compile(r"tournees\.png")).check()
    check_page(editor, "topic-edit")
    editor.get_by_role("button", name="Enregistrer les modifications").click()
    expect(attachments.get_by_role("link")).to_have_text(["planning.pdf"])

    # The coordinator accepts it and places it on the next agenda, then publishes.
    coord = new_page()
    log_in(coord, coordinator.email, PASSWORD)
    coord.goto("/reunions/sujets/")
    check_page(coord, "topics-coordinator")
    coord.get_by_role("link", name="Maraudes d'hiver : coordonner les soirs").first.click()
    coord.get_by_label(re.compile("Accepter et l'inscrire")).check()
    coord.get_by_label(re.compile(r"^Réunion")).select_option(label=meeting.title)
    check_page(coord, "topic-answer")
    coord.get_by_role("button", name="Envoyer la réponse").click()
    expect(coord.get_by_role("heading", name="Préparer l'ordre du jour")).to_be_visible()
    expect(
        coord.get_by_role("link", name="Maraudes d'hiver : coordonner les soirs")
    ).to_be_visible()
    check_page(coord, "agenda-builder")
    coord.get_by_role("button", name=re.compile("Monter.*Maraudes")).click()
    expect(coord.locator(".agenda-row").nth(1)).to_contain_text("Maraudes d'hiver")
    coord.get_by_role(
        "button", name="Publier l'ordre du jour et l'envoyer aux associations"
    ).click()
    expect(coord.get_by_role("status")).to_contain_text("L'ordre du jour est publié")
    check_page(coord, "meeting-coordinator")
    assert any(editor_a.email in m.to and "Ordre du jour" in m.subject for m in mailoutbox)

    # A member of another association comments on the topic.
    member = new_page()
    log_in(member, member_b.email, PASSWORD)
    member.goto(meeting.url)
    check_page(member, "meeting-member")
    member.get_by_role("link", name="Maraudes d'hiver : coordonner les soirs").click()
    member.get_by_label("Votre commentaire").fill(
        "Nous pouvons prendre le mercredi <b>un mois sur deux</b>."
    )
    member.get_by_role("button", name="Publier le commentaire").click()
    expect(member.get_by_role("status")).to_contain_text("Votre commentaire est publié.")
    expect(
        member.get_by_text("Nous pouvons prendre le mercredi <b>un mois sur deux</b>.")
    ).to_be_visible()
    check_page(member, "topic-commented")
    # The proposer hears about it in the notification centre (comments are e-mailed in
    # the daily digest by default).
    from workspace.models import Notification

    assert Notification.objects.filter(
        user=editor_a, title__startswith="Nouveau commentaire"
    ).exists()

    # The editor answers attendance and downloads the .ics.
    editor.goto(meeting.url)
    editor.get_by_label("Présente").check()
    editor.get_by_label("Combien de personnes ?").fill("2")
    editor.get_by_role("button", name="Enregistrer notre réponse").click()
    expect(editor.get_by_role("status")).to_contain_text("Votre réponse est enregistrée.")
    expect(editor.get_by_text("Association A : présente")).to_be_visible()
    check_page(editor, "meeting-answered")
    with editor.expect_download() as download_info:
        editor.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    download = download_info.value
    assert download.suggested_filename == f"reunion-{meeting.date.isoformat()}.ics"
    calendar = Calendar.from_ical(Path(download.path()).read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1 and str(events[0]["UID"]) == f"{meeting.uid}@entraide"
