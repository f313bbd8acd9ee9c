"""Main journeys with the keyboard only: Tab, Shift+Tab, Enter and Space, never the mouse
(a start address may be typed, as in the address bar). Every element the keyboard reaches
on the way must show where the focus is: a visible outline (or a focus ring drawn with
box-shadow).

(a) An association editor signs in and answers attendance for the next meeting.
(b) A resident searches the directory for an association open now and opens its sheet.
(c) A member of another association signs in and comments on a topic of the agenda.
"""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import SHOTS, check_accessibility
from tests.e2e.test_directory import sheet
from tests.factories import PASSWORD, make_meeting, make_topic
from workspace.models import Activity, Neighbourhood, TopicStatus
from workspace.services import agenda

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow && style.boxShadow !== 'none';
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  return {
    tag: el.tagName.toLowerCase(), type: el.type || '', text: (el.innerText || el.value || '').trim(),
    label: label.trim(), href: el.getAttribute('href') || '', visible: outline || ring,
    html: el.outerHTML.slice(0, 120),
  };
}"""


class Keyboard:
    """Tabs through a page, remembering every element reached without a visible focus."""

    def __init__(self, page):
        self.page = page
        self.unfocused = []
        self.reached = 0

    def focused(self):
        info = self.page.evaluate(FOCUSED)
        if info is not None:
            self.reached += 1
            if not info["visible"]:
                self.unfocused.append(f"{self.page.url}: {info['html']}")
        return info

    def tab_to(self, matches, limit=120, back=False):
        for _ in range(limit):
            self.page.keyboard.press("Shift+Tab" if back else "Tab")
            info = self.focused()
            if info is not None and matches(info):
                return info
        raise AssertionError(f"the keyboard never reached the element on {self.page.url}")

    def press(self, key):
        self.page.keyboard.press(key)
        self.page.wait_for_load_state()


def test_an_editor_signs_in_and_answers_attendance_with_the_keyboard_only(
    new_page, coordinator, editor_a, association_a
):
    meeting = make_meeting(coordinator, days_ahead=20, host=association_a)
    page = new_page()
    keys = Keyboard(page)
    page.goto("/compte/connexion/")
    keys.tab_to(lambda i: i["label"].startswith("Adresse électronique"))
    page.keyboard.type(editor_a.email)
    keys.tab_to(lambda i: i["label"].startswith("Mot de passe"))
    page.keyboard.type(PASSWORD)
    keys.press("Enter")
    expect(page).to_have_url(re.compile(r"/espace/$"))

    keys.tab_to(lambda i: i["tag"] == "a" and i["text"] == "Réunions")
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    keys.tab_to(lambda i: i["tag"] == "a" and i["href"].rstrip("/").endswith(meeting.slug))
    keys.press("Enter")
    expect(page).to_have_url(re.compile(meeting.slug))

    keys.tab_to(lambda i: i["type"] == "radio")
    # Tab enters the group on its first answer, "Présente"; Space chooses it.
    expect(page.get_by_label("Présente")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_label("Présente")).to_be_checked()
    keys.tab_to(lambda i: i["label"].startswith("Combien de personnes"))
    page.keyboard.type("2")
    keys.tab_to(lambda i: i["tag"] == "button" and i["text"] == "Enregistrer notre réponse")
    keys.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Votre réponse est enregistrée.")
    expect(page.get_by_text("Association A : présente")).to_be_visible()
    check_accessibility(page, "meeting answered with the keyboard")
    page.screenshot(path=str(SHOTS / "keyboard-attendance.png"))
    print(f"\nkeyboard journey (attendance): {keys.reached} elements reached")
    assert not keys.unfocused, "no visible focus on:\n" + "\n".join(keys.unfocused)


def test_a_resident_searches_the_directory_with_the_keyboard_only(new_page, settings):
    sheet("bebe-ouvert", "Le Berceau", Neighbourhood.HOMMELET, "Mo-Su 00:00-24:00", Activity.BABY)
    sheet("bebe-ferme", "Les Petits Pas", Neighbourhood.HOMMELET, "Mo 07:13-07:14", Activity.BABY)
    page = new_page()
    keys = Keyboard(page)
    page.goto("/")
    keys.tab_to(lambda i: i["tag"] == "a" and i["text"] == "Associations")
    keys.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Les associations du réseau")
    keys.tab_to(lambda i: i["label"].startswith("Ouvert maintenant"))
    page.keyboard.press("Space")
    expect(page.get_by_label("Ouvert maintenant")).to_be_checked()
    keys.tab_to(lambda i: i["tag"] == "button" and i["text"] == "Rechercher")
    keys.press("Enter")
    results = page.locator(".directory-list")
    expect(results.get_by_role("link", name="Le Berceau")).to_be_visible()
    expect(results.get_by_role("link", name="Les Petits Pas")).to_have_count(0)
    keys.tab_to(lambda i: i["tag"] == "a" and i["text"] == "Le Berceau")
    keys.press("Enter")
    expect(page.get_by_role("heading", name="Horaires d’ouverture")).to_be_visible()
    check_accessibility(page, "directory sheet reached with the keyboard")
    page.screenshot(path=str(SHOTS / "keyboard-directory.png"))
    print(f"\nkeyboard journey (directory): {keys.reached} elements reached")
    assert not keys.unfocused, "no visible focus on:\n" + "\n".join(keys.unfocused)


def sign_in(page, keys, user):
    page.goto("/compte/connexion/")
    keys.tab_to(lambda i: i["label"].startswith("Adresse électronique"))
    page.keyboard.type(user.email)
    keys.tab_to(lambda i: i["label"].startswith("Mot de passe"))
    page.keyboard.type(PASSWORD)
    keys.press("Enter")
    expect(page).to_have_url(re.compile(r"/espace/$"))


def test_a_member_comments_on_a_topic_with_the_keyboard_only(
    new_page, coordinator, member_a, member_b, association_a
):
    meeting = make_meeting(coordinator, days_ahead=20, host=association_a)
    topic = make_topic(
        association_a, member_a, meeting, title="Le camion partagé", status=TopicStatus.ACCEPTED
    )
    agenda.add_topic_item(meeting, topic)
    page = new_page()
    keys = Keyboard(page)
    sign_in(page, keys, member_b)
    page.goto(topic.get_absolute_url())
    keys.tab_to(lambda i: i["label"].startswith("Votre commentaire"))
    page.keyboard.type("Nous avons le même besoin le jeudi.")
    keys.tab_to(lambda i: i["tag"] == "button" and i["text"] == "Publier le commentaire")
    keys.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Votre commentaire est publié.")
    expect(page.locator("article.comment").first).to_contain_text("le même besoin le jeudi")
    check_accessibility(page, "topic commented with the keyboard")
    page.screenshot(path=str(SHOTS / "keyboard-comment.png"))
    print(f"\nkeyboard journey (comment): {keys.reached} elements reached")
    assert not keys.unfocused, "no visible focus on:\n" + "\n".join(keys.unfocused)
