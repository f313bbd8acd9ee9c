"""The weekly editor of opening hours: ticks and times in, OpenStreetMap syntax out, and back."""

from datetime import time

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import translation

from workspace.forms.hours import WeeklyHoursForm
from workspace.services import hours

TEMPLATE = "workspace/includes/hours_editor.html"


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def post(**days):
    """Form data: ``tu=("09:00", "12:00")``, ``sa=("14:00", "17:00", "", "", ["1", "3"])``."""
    data = {"closed_on_holidays": "on"}
    for code, values in days.items():
        values = list(values) + [""] * (4 - len(values))
        start1, end1, start2, end2 = values[:4]
        weeks = values[4] if len(values) > 4 else ["every"]
        data.update(
            {
                f"{code}_open": "on",
                f"{code}_start1": start1,
                f"{code}_end1": end1,
                f"{code}_start2": start2,
                f"{code}_end2": end2,
                f"{code}_weeks": weeks,
            }
        )
    return data


def test_ticks_and_times_write_the_syntax():
    form = WeeklyHoursForm(
        post(tu=("09:00", "12:00"), th=("09:00", "12:00"), sa=("14:00", "17:00", "", "", ["1"]))
    )
    assert form.is_valid(), form.errors
    assert form.opening_hours == "Tu,Th 09:00-12:00; Sa[1] 14:00-17:00; PH off"
    assert hours.describe(form.opening_hours) == (
        "mardi et jeudi 9 h – 12 h ; le 1er samedi du mois 14 h – 17 h ; fermé les jours fériés"
    )


def test_first_and_third_tuesday_with_a_lunch_break():
    data = post(tu=("9h30", "12:00", "14 h", "17h30", ["1", "3"]))
    del data["closed_on_holidays"]
    form = WeeklyHoursForm(data)
    assert form.is_valid(), form.errors
    assert form.opening_hours == "Tu[1,3] 09:30-12:00,14:00-17:30"


def test_second_range_typed_first_is_put_in_order():
    form = WeeklyHoursForm(post(mo=("14:00", "17:00", "09:00", "12:00")))
    assert form.is_valid(), form.errors
    assert form.opening_hours == "Mo 09:00-12:00,14:00-17:00; PH off"


def test_last_week_of_the_month():
    form = WeeklyHoursForm(post(fr=("10:00", "11:00", "", "", ["-1", "2"])))
    assert form.is_valid(), form.errors
    assert form.opening_hours == "Fr[2,-1] 10:00-11:00; PH off"


@pytest.mark.parametrize(
    "text",
    [
        "Tu,Th 09:00-12:00; Sa[1] 14:00-17:00; PH off",
        "Mo-Fr 08:30-12:00,13:30-17:00",
        "Tu[1,3] 09:00-12:00; Fr[-1] 14:00-16:00; PH off",
    ],
)
def test_round_trip_through_the_form(text):
    """Filled from the stored text, the form sent back unchanged writes the same hours."""
    form = WeeklyHoursForm(initial_text=text)
    assert not form.unsupported_text
    html = render_to_string(TEMPLATE, {"form": form})
    soup = BeautifulSoup(html, "html.parser")
    data = {}
    for field in soup.find_all("input"):
        name = field.get("name")
        if field.get("type") == "checkbox":
            if field.has_attr("checked"):
                data.setdefault(name, []).append(field.get("value", "on"))
        else:
            data[name] = field.get("value", "")
    again = WeeklyHoursForm(data, initial_text=text)
    assert again.is_valid(), again.errors
    assert hours.WeeklyHours.from_osm(again.opening_hours) == hours.WeeklyHours.from_osm(text)
    assert hours.describe(again.opening_hours) == hours.describe(text)


def test_initial_values_from_the_text():
    form = WeeklyHoursForm(initial_text="Tu[1,3] 09:30-12:00,14:00-17:30; PH off")
    assert form.initial["tu_open"] is True
    assert form.initial["tu_start1"] == time(9, 30)
    assert form.initial["tu_end2"] == time(17, 30)
    assert form.initial["tu_weeks"] == ["1", "3"]
    assert form.initial["closed_on_holidays"] is True
    assert "mo_open" not in form.initial


def test_other_text_is_shown_read_only_and_kept():
    text = "Jul-Aug Mo 09:00-12:00; Fr 22:00-02:00"
    form = WeeklyHoursForm(initial_text=text)
    assert form.unsupported_text == text
    assert form.unsupported_description == (
        "de juillet à août : lundi 9 h – 12 h ; vendredi 22 h – 2 h"
    )
    html = render_to_string(TEMPLATE, {"form": form})
    assert "<code>Jul-Aug Mo 09:00-12:00; Fr 22:00-02:00</code>" in html
    assert "de juillet à août : lundi 9 h – 12 h" in html
    # Sent with no day ticked: the text stays as it is.
    kept = WeeklyHoursForm({}, initial_text=text)
    assert kept.is_valid(), kept.errors
    assert kept.opening_hours == text
    # Ticking days replaces it.
    replaced = WeeklyHoursForm(post(mo=("09:00", "12:00")), initial_text=text)
    assert replaced.is_valid()
    assert replaced.opening_hours == "Mo 09:00-12:00; PH off"


def test_hand_written_text_is_escaped():
    form = WeeklyHoursForm(initial_text='Mo 09:00-12:00 "<script>alert(1)</script>"')
    html = render_to_string(TEMPLATE, {"form": form})
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


# --- Bad input ------------------------------------------------------------------------------


def errors_of(form):
    return [message for messages in form.errors.values() for message in messages]


def test_nothing_chosen():
    form = WeeklyHoursForm({"closed_on_holidays": "on"})
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "Cochez au moins un jour d'ouverture et indiquez ses heures."
    ]


def test_end_before_start_keeps_what_was_typed():
    form = WeeklyHoursForm(post(tu=("14:00", "12:00")))
    assert not form.is_valid()
    assert form.errors["tu_end1"] == ["mardi : la plage 1 ferme (12 h) avant d'ouvrir (14 h)."]
    html = render_to_string(TEMPLATE, {"form": form})
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("input", {"name": "tu_start1"})["value"] == "14:00"
    assert soup.find("input", {"name": "tu_end1"})["value"] == "12:00"
    assert soup.find("input", {"name": "tu_open"}).has_attr("checked")
    summary = soup.find(class_="error-summary")
    assert summary["role"] == "alert"
    assert summary.find("a", href="#id_tu_end1")
    fieldset = soup.find("input", {"name": "tu_end1"}).find_parent("fieldset")
    assert fieldset["aria-describedby"] == "id_tu_errors"
    assert "la plage 1 ferme (12 h) avant d'ouvrir (14 h)" in fieldset.find(id="id_tu_errors").text


def test_overlapping_ranges():
    form = WeeklyHoursForm(post(we=("09:00", "12:00", "11:00", "14:00")))
    assert not form.is_valid()
    assert errors_of(form) == [
        "mercredi : les deux plages se chevauchent (9 h – 12 h et 11 h – 14 h)."
    ]


@pytest.mark.parametrize(
    "values, message",
    [
        (("09:00", ""), "mardi : l'heure de fermeture de la plage 1 manque."),
        (("", "12:00"), "mardi : l'heure d'ouverture de la plage 1 manque."),
        (("09:00", "12:00", "14:00"), "mardi : l'heure de fermeture de la plage 2 manque."),
        (("", ""), "mardi : indiquez l'heure d'ouverture et l'heure de fermeture."),
        (
            ("09:00", "12:00", "", "", ["every", "1"]),
            "mardi : choisissez « toutes les semaines » ou certaines semaines du mois, pas les deux.",
        ),
        (("neuf heures", "12:00"), "Saisissez une heure valide."),
    ],
)
def test_bad_times(values, message):
    form = WeeklyHoursForm(post(tu=values))
    assert not form.is_valid()
    assert message in errors_of(form)


def test_times_without_the_day_ticked():
    data = post(tu=("09:00", "12:00"))
    del data["tu_open"]
    form = WeeklyHoursForm(data)
    assert not form.is_valid()
    assert form.errors["tu_open"] == [
        "mardi : cochez « Ouvert le mardi » pour ouvrir ce jour-là, ou effacez ses heures."
    ]


# --- The snippet's HTML ---------------------------------------------------------------------


def test_every_control_has_a_label_and_each_day_a_legend():
    form = WeeklyHoursForm(initial_text="Tu,Th 09:00-12:00; PH off")
    soup = BeautifulSoup(render_to_string(TEMPLATE, {"form": form}), "html.parser")
    controls = soup.find_all(["input", "select", "textarea"])
    assert len(controls) == 7 * (1 + 4 + 6) + 1
    for control in controls:
        assert control.get("id"), control
        labels = soup.find_all("label", attrs={"for": control["id"]})
        assert len(labels) == 1 and labels[0].get_text(strip=True), control
    legends = [
        fieldset.find("legend", recursive=False).get_text(strip=True)
        for fieldset in soup.find_all("fieldset", class_="hours-day")
    ]
    assert legends == ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]
    tuesday = soup.find_all("fieldset", class_="hours-day")[1]
    assert tuesday.find("label", attrs={"for": "id_tu_open"}).text == "Ouvert le mardi"
    assert [label.text for label in tuesday.find_all("label")][1:5] == [
        "Ouvre à",
        "Ferme à",
        "Puis rouvre à",
        "Ferme à",
    ]
    weeks = tuesday.find("fieldset", class_="hours-weeks")
    assert weeks.legend.text == "Quelles semaines du mois"
    assert [label.text for label in weeks.find_all("label")] == [
        "toutes les semaines",
        "1re semaine",
        "2e semaine",
        "3e semaine",
        "4e semaine",
        "dernière semaine",
    ]
    assert tuesday.find("input", {"name": "tu_start1"})["type"] == "time"
    assert tuesday.find("input", {"name": "tu_start1"})["value"] == "09:00"
    assert soup.find("label", attrs={"for": "id_closed_on_holidays"}).text == (
        "Fermé les jours fériés"
    )
    assert soup.find("input", {"name": "closed_on_holidays"}).has_attr("checked")
    assert "<script" not in str(soup)


def test_the_form_works_with_a_prefix():
    data = {f"hours-{k}": v for k, v in post(mo=("09:00", "12:00")).items()}
    form = WeeklyHoursForm(data, prefix="hours")
    assert form.is_valid(), form.errors
    assert form.opening_hours == "Mo 09:00-12:00; PH off"
    soup = BeautifulSoup(render_to_string(TEMPLATE, {"form": form}), "html.parser")
    for control in soup.find_all("input"):
        assert control["name"].startswith("hours-")
        assert soup.find("label", attrs={"for": control["id"]})
