"""The coordinator's CSV import of associations (django-import-export resources).

``preview`` reads an upload stored in the database (``SheetImport``) and runs the resource
as a dry run inside a transaction that is rolled back: each row is checked (encoding, e-mail,
phone, neighbourhood, formulas) and gets its French error messages. ``confirm`` imports for
real, and only when no row has an error: nothing is saved until then."""

import unicodedata
from dataclasses import dataclass, field

import tablib
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.results import RowResult

from ..forms.directory import clean_phone
from ..models import Association, Neighbourhood, SheetImport

MAX_BYTES = 1_000_000
MAX_ROWS = 500
FORMULA_STARTS = ("=", "+", "-", "@")
# Columns of the file (French, as the coordinator's spreadsheet names them).
COLUMNS = {
    "nom": "name",
    "identifiant": "slug",
    "quartier": "neighbourhood",
    "adresse": "address",
    "code_postal": "postcode",
    "commune": "city",
    "telephone": "phone",
    "courriel": "email",
    "site_web": "website",
    "activites": "main_activities",
}
REQUIRED = ("nom", "quartier")


def _folded(text):
    text = unicodedata.normalize("NFKD", (text or "").strip().lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace(" ", "-")


NEIGHBOURHOODS = {}
for _code, _label in Neighbourhood.choices:
    NEIGHBOURHOODS[_folded(_code)] = _code
    NEIGHBOURHOODS[_folded(str(_label))] = _code


class AssociationResource(resources.ModelResource):
    """An association per row, found by its short name (made from its name when empty)."""

    name = fields.Field(attribute="name", column_name="nom")
    slug = fields.Field(attribute="slug", column_name="identifiant")
    neighbourhood = fields.Field(attribute="neighbourhood", column_name="quartier")
    address = fields.Field(attribute="address", column_name="adresse")
    postcode = fields.Field(attribute="postcode", column_name="code_postal")
    city = fields.Field(attribute="city", column_name="commune")
    phone = fields.Field(attribute="phone", column_name="telephone")
    email = fields.Field(attribute="email", column_name="courriel")
    website = fields.Field(attribute="website", column_name="site_web")
    main_activities = fields.Field(attribute="main_activities", column_name="activites")

    class Meta:
        model = Association
        import_id_fields = ("slug",)
        fields = tuple(COLUMNS.values())
        skip_unchanged = True
        skip_html_diff = True
        clean_model_instances = True

    def before_import_row(self, row, **kwargs):
        """Check and normalise one row; every problem of the row at once, in French."""
        errors = {}
        for column in list(row.keys()):
            value = row[column]
            text = "" if value is None else str(value).strip()
            row[column] = text
            if "\ufffd" in text:
                errors.setdefault(column, []).append(
                    _(
                        "Some characters cannot be read: save the file as “CSV UTF-8” "
                        "and upload it again."
                    )
                )
            elif text.startswith(FORMULA_STARTS) and not (
                column == "telephone" and text.startswith("+") and text[1:2].isdigit()
            ):
                errors.setdefault(column, []).append(
                    _("This cell looks like a spreadsheet formula (it starts with %(sign)s).")
                    % {"sign": text[0]}
                )
        if not row.get("nom"):
            errors.setdefault("nom", []).append(_("The name is missing."))
        if not row.get("identifiant"):
            row["identifiant"] = slugify(row.get("nom", ""))[:80]
        neighbourhood = row.get("quartier", "")
        if "quartier" not in errors:
            code = NEIGHBOURHOODS.get(_folded(neighbourhood))
            if code is None:
                errors.setdefault("quartier", []).append(
                    _("Unknown neighbourhood “%(value)s”: write one of %(names)s.")
                    % {
                        "value": neighbourhood,
                        "names": ", ".join(str(label) for label in Neighbourhood.labels),
                    }
                )
            else:
                row["quartier"] = code
        if row.get("courriel") and "courriel" not in errors:
            try:
                validate_email(row["courriel"])
            except ValidationError:
                errors.setdefault("courriel", []).append(
                    _("“%(value)s” is not an e-mail address.") % {"value": row["courriel"]}
                )
        if row.get("telephone") and "telephone" not in errors:
            try:
                row["telephone"] = clean_phone(row["telephone"])
            except ValidationError:
                errors.setdefault("telephone", []).append(
                    _("“%(value)s” is not a phone number such as 03 20 12 34 56.")
                    % {"value": row["telephone"]}
                )
        if row.get("site_web") and "site_web" not in errors:
            try:
                URLValidator(schemes=["http", "https"])(row["site_web"])
            except ValidationError:
                errors.setdefault("site_web", []).append(
                    _("“%(value)s” is not a web address such as https://association.fr.")
                    % {"value": row["site_web"]}
                )
        if not row.get("code_postal"):
            row["code_postal"] = "59100"
        if not row.get("commune"):
            row["commune"] = "Roubaix"
        if errors:
            raise ValidationError(errors)


@dataclass
class RowReport:
    number: int
    name: str
    action: str  # "new", "update", "skip", "invalid"
    errors: list = field(default_factory=list)  # ["column: message"]


@dataclass
class Report:
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)

    @property
    def has_errors(self):
        return bool(self.file_errors) or any(row.errors for row in self.rows)

    @property
    def counts(self):
        found = {}
        for row in self.rows:
            found[row.action] = found.get(row.action, 0) + 1
        return found


def store_upload(uploaded, by):
    """Keep an uploaded file in the database until it is confirmed."""
    content = uploaded.read(MAX_BYTES + 1)
    return SheetImport.objects.create(
        user=by, file_name=(uploaded.name or "import.csv")[:200], content=content
    )


def _dataset(content, report):
    if len(content) > MAX_BYTES:
        report.file_errors.append(_("The file is larger than 1 MB."))
        return None
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    text = content.decode("utf-8", errors="replace")
    first_line = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    try:
        dataset = tablib.Dataset().load(text, format="csv", delimiter=delimiter)
    except Exception:  # noqa: BLE001 - tablib raises many kinds on unreadable files
        report.file_errors.append(_("This file cannot be read as CSV."))
        return None
    headers = [(h or "").strip().lower() for h in dataset.headers or []]
    missing = [c for c in REQUIRED if c not in headers]
    if missing:
        report.file_errors.append(
            _("The first line must name the columns; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
        return None
    unknown = [h for h in headers if h and h not in COLUMNS]
    if unknown:
        report.file_errors.append(
            _("Unknown columns: %(columns)s (known: %(known)s).")
            % {"columns": ", ".join(unknown), "known": ", ".join(COLUMNS)}
        )
        return None
    dataset.headers = headers
    if "identifiant" not in headers:
        dataset.append_col([""] * dataset.height, header="identifiant")
    if dataset.height > MAX_ROWS:
        report.file_errors.append(_("At most %(n)s associations at a time.") % {"n": MAX_ROWS})
        return None
    return dataset


def _run(upload, dry_run):
    report = Report()
    dataset = _dataset(bytes(upload.content), report)
    if dataset is None:
        return report, None
    result = AssociationResource().import_data(
        dataset, dry_run=dry_run, raise_errors=False, use_transactions=True
    )
    names = {"new": RowResult.IMPORT_TYPE_NEW, "update": RowResult.IMPORT_TYPE_UPDATE}
    for index, row_result in enumerate(result.rows, start=2):
        row = dataset[index - 2]
        name = row[dataset.headers.index("nom")] if "nom" in dataset.headers else ""
        errors = []
        if row_result.validation_error is not None:
            for column, messages in row_result.validation_error.message_dict.items():
                label = next((c for c, a in COLUMNS.items() if a == column), column)
                errors += [f"{label} : {message}" for message in messages]
        for error in row_result.errors:
            errors.append(_("This row cannot be imported: %(error)s") % {"error": error.error})
        action = next((k for k, v in names.items() if v == row_result.import_type), "skip")
        if errors:
            action = "invalid"
        report.rows.append(RowReport(index, name, action, errors))
    return report, result


def preview(upload):
    """The report of a dry run: nothing is saved."""
    with transaction.atomic():
        report, _result = _run(upload, dry_run=True)
        transaction.set_rollback(True)
    return report


def confirm(upload, by):
    """Import for real when the dry run finds no error; else nothing and the report."""
    with transaction.atomic():
        report, _result = _run(upload, dry_run=True)
        transaction.set_rollback(True)
    if report.has_errors or upload.confirmed_at is not None:
        return report, False
    with transaction.atomic():
        report, _result = _run(upload, dry_run=False)
        if report.has_errors:
            transaction.set_rollback(True)
            return report, False
        upload.confirmed_at = timezone.now()
        upload.save(update_fields=["confirmed_at"])
    return report, True
