"""The privacy scan, the last step of every report: a case reference, an auditor's name or a date
of birth in any file meant for readers is found, named, and stops the pack being published."""

from __future__ import annotations

import base64
import builtins
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import yosanalysis as yos
from yosanalysis.errors import ReportError
from yosanalysis.privacy import Finding, check_pack, personal_details, scan_pack

AUDIT = """\
Service,Audit,Date,Case reference,Theme,Question,Answer,Auditor,Comment
Example,2024 Q1,2024-03-01,ABC-1001,Planning,Q1,Yes,Pat O'Brien,Plan agreed with the family
Example,2024 Q1,2024-03-01,ABC-1002,Planning,Q1,No,Lee Tester,
Example,2024 Q1,2024-03-01,ABC-1003,Planning,Q1,Banana,Lee Tester,
Example,2024 Q1,2024-03-01,QWERTY12,Planning,Q1,Yes,Unknown,
Example,2024 Q1,2024-03-01,ABC-1005,Planning,Q1,Yes,JT,
"""
DOT = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5E"
       "rkJggg==")
PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Theme breakdown – Example</title>
<style>body {{ font-family: sans-serif; }}</style></head>
<body><main>
<h1>Theme breakdown</h1>
<p class="yos-headline"><strong>Planning scored lowest, at 71%.</strong></p>
<figure class="yos-figure"><img src="data:image/png;base64,{dot}" alt="{alt}" />
<details class="yos-data"><summary>Show the data</summary><table><tbody>
<tr><th scope="row">Was the plan reviewed?</th><td>{cell}</td></tr></tbody></table></details>
</figure>
<p>{para}</p>
</main></body></html>
"""
SVG = """<?xml version="1.0" encoding="utf-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">
 <g id="text_1">
  <!-- {label} -->
  <text x="1" y="20">{label}</text>
 </g>
</svg>
"""


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture
def audit_file(tmp_path: Path) -> Path:
    path = tmp_path / "inputs" / "audit.csv"
    path.parent.mkdir()
    path.write_text(AUDIT, encoding="utf-8")
    return path


@pytest.fixture
def secrets(audit_file: Path) -> dict[str, str]:
    return personal_details([(audit_file, None)])


def page(*, alt: str = "Bar chart of question scores in Planning: 71%.", cell: str = "71",
         para: str = "Planning needs attention.", dot: str = DOT) -> str:
    return PAGE.format(alt=alt, cell=cell, para=para, dot=dot)


def make_pack(root: Path, **planted: str) -> Path:
    """A small pack as the builder writes it, every file clean; `planted` replaces the text of a
    file (by its path in the pack) or adds one."""
    pack = root / "pack"
    files = {
        "index.html": page(para="Board pack contents."),
        "02_theme_breakdown.html": page(),
        "tables/02_theme_breakdown-questions-planning.csv":
            "Question,Score (%),Cases,Note\nWas the plan reviewed?,71,20,lowest\n",
        "figures/02_theme_breakdown-questions-planning.svg": SVG.format(label="Planning 71%"),
        "manifest.json": json.dumps({"report": "example", "parameters": {
            "service": "Example", "key_strengths": ["Plans agreed with families"]},
            "files": {"index.html": "0" * 64}}),
    }
    files.update(planted)
    for name, text in files.items():
        path = pack / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (pack / "figures" / "02_theme_breakdown-questions-planning.png").write_bytes(
        base64.b64decode(DOT))
    return pack


# -- what is looked for ------------------------------------------------------------------------


def test_personal_details_are_every_case_reference_and_auditor_in_the_inputs(secrets):
    refs = {v for v, kind in secrets.items() if kind == "case reference"}
    names = {v for v, kind in secrets.items() if kind == "auditor's name"}
    # rows the cleaner rejects (ABC-1003 has an answer that is not an answer) count too
    assert refs == {"ABC-1001", "ABC-1002", "ABC-1003", "QWERTY12", "ABC-1005"}
    # "Unknown" is not a name, and initials are too short to look for
    assert names == {"Pat O'Brien", "Lee Tester"}


def test_personal_details_from_a_cleaned_table_match_those_from_its_file(audit_file):
    cleaned = yos.load(audit_file, kind="audit").data
    from_table = personal_details([cleaned])
    assert set(cleaned["case_ref"].astype(str)) <= set(from_table)
    assert "Unknown" in set(cleaned["auditor"].astype(str))
    assert "Unknown" not in from_table
    assert set(from_table) <= set(personal_details([audit_file]))


def test_personal_details_of_the_wide_sample_cover_every_case(sample_dir):
    audit = sample_dir / "synthetic-stockton-audit-2012-2014.csv"
    bank = sample_dir / "synthetic-stockton-question-bank.csv"
    cleaned = yos.load(audit, kind="audit", questions=bank).data
    found = personal_details([(audit, bank)])
    expected = set(cleaned["case_ref"].astype(str)) | set(cleaned["auditor"].dropna().astype(str))
    assert expected <= set(found)
    assert {found[r] for r in cleaned["case_ref"].astype(str)} == {"case reference"}


def test_inputs_without_personal_details_give_none(sample_dir):
    assert personal_details([sample_dir / "stockton-sqs-2013-inspection.csv"]) == {}


# -- a clean pack ----------------------------------------------------------------------------


def test_a_clean_pack_has_no_findings_and_passes(tmp_path, secrets):
    pack = make_pack(tmp_path)
    assert scan_pack(pack, secrets) == []
    assert check_pack(pack, secrets) is None


def test_a_notebook_left_in_the_pack_is_scanned_like_every_other_file(tmp_path, secrets):
    """Issue #16: the executed notebooks are kept outside the pack; one found inside is read."""
    pack = make_pack(tmp_path, **{"notebooks/02_theme_breakdown.ipynb": json.dumps(
        {"cells": [{"source": "case_ref == 'ABC-1001'  # Pat O'Brien, DOB 01/02/2008"}]})})
    found = {(f.kind, f.value) for f in scan_pack(pack, secrets)}
    assert found == {("case reference", "ABC-1001"), ("auditor's name", "Pat O'Brien"),
                     ("date of birth", "dob 01/02/2008")}


# -- planted details are found, in every kind of file ---------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "value", "where"),
    [
        ("02_theme_breakdown.html", page(alt="Bar chart: ABC-1002 scored 71%."), "ABC-1002",
         "alt text"),
        ("02_theme_breakdown.html", page(para="Comment: case abc-1001 was reviewed late."),
         "ABC-1001", "<p>"),
        ("02_theme_breakdown.html", page(cell="ABC-1003"), "ABC-1003", "<td>"),
        ("02_theme_breakdown.html", page(para="Audited by Lee <em>Tester</em>."), "Lee Tester",
         "<p>"),
        ("02_theme_breakdown.html", page(para="Audited by Pat O&#x27;Brien."), "Pat O'Brien",
         "<p>"),
        ("index.html", page(para="<!-- draft: ask LEE TESTER -->"), "Lee Tester", "comment"),
        ("tables/02_theme_breakdown-questions-planning.csv",
         "Question,Score (%),Cases,Note\nWas the plan reviewed?,71,20,see ABC-1002\n",
         "ABC-1002", "row 2, column 'Note'"),
        ("figures/02_theme_breakdown-questions-planning.svg", SVG.format(label="ABC-1001 71%"),
         "ABC-1001", "comment"),  # and again in the <text>
        ("manifest.json", json.dumps({"parameters": {"key_strengths": ["Thanks, Lee Tester"]}}),
         "Lee Tester", "parameters.key_strengths[0]"),
        ("figures/02_theme_breakdown-abc-1005.svg", SVG.format(label="Planning"), "ABC-1005",
         "file's name"),
    ],
)
def test_a_planted_detail_is_found_and_placed(tmp_path, secrets, name, text, value, where):
    pack = make_pack(tmp_path, **{name: text})
    findings = scan_pack(pack, secrets)
    assert {(f.file, f.value) for f in findings} == {(name, value)}
    assert {f.kind for f in findings} == {secrets[value]}
    assert any(where in f.where for f in findings), [f.where for f in findings]


def test_an_svg_label_wrapped_over_two_lines_is_found(tmp_path, secrets):
    wrapped = SVG.replace("  <!-- {label} -->", "  <!-- Lee -->\n  <path d='M 0 0'/>\n"
                          "  <!-- Tester -->").format(label="")
    pack = make_pack(tmp_path, **{"figures/wrapped.svg": wrapped})
    assert [f.value for f in scan_pack(pack, secrets)] == ["Lee Tester"]


def test_matches_are_whole_words_and_short_values_are_ignored(tmp_path):
    secrets = {"ABC-1001": "case reference", "Jo": "auditor's name", "Lee Tester": "a"}
    pack = make_pack(tmp_path, **{"index.html": page(
        para="XABC-1001, ABC-10012, Jo said, Lee Testers and Lee Tester-Smith")})
    assert [f.value for f in scan_pack(pack, secrets)] == ["Lee Tester"]


def test_a_plain_collection_of_values_can_be_searched(tmp_path):
    pack = make_pack(tmp_path, **{"index.html": page(para="Seen: ABC-1001.")})
    findings = scan_pack(pack, ["ABC-1001"])
    assert [(f.file, f.value) for f in findings] == [("index.html", "ABC-1001")]


def test_thousands_of_case_references_are_searched_at_once(tmp_path):
    secrets = {f"SYN-{i:05d}": "case reference" for i in range(20000)}
    pack = make_pack(tmp_path, **{"index.html": page(para="Only SYN-19999 and SYN-00000.")})
    assert sorted(f.value for f in scan_pack(pack, secrets)) == ["SYN-00000", "SYN-19999"]


def test_base64_image_data_is_not_read_as_text(tmp_path, secrets):
    # "QWERTY12" is a case reference: as text it is found...
    pack = make_pack(tmp_path, **{"index.html": page(para="QWERTY12/abc+QWERTY12==")})
    assert [f.value for f in scan_pack(pack, secrets)] == ["QWERTY12"]
    # ...but inside an image's base64 bytes it is only bytes, not a word a reader sees
    shutil.rmtree(pack)
    pack = make_pack(tmp_path, **{"index.html": page(dot="QWERTY12/abc+QWERTY12==")})
    assert scan_pack(pack, secrets) == []


# -- Word and PDF ----------------------------------------------------------------------------


def write_docx(path: Path, *, paragraph: str, cell: str, alt: str) -> None:
    """A Word file with a paragraph, a table and a picture with alt text (python-docx where it
    is installed, else the minimal parts written by hand)."""
    try:
        import docx
        from docx.shared import Cm
    except ImportError:
        docx = None
    if docx is not None:
        document = docx.Document()
        document.add_heading("Scores", level=1)
        run = document.add_paragraph().add_run(paragraph[:4])
        run.bold = True
        document.paragraphs[-1].add_run(paragraph[4:])  # a detail split across two runs
        table = document.add_table(rows=1, cols=2)
        table.cell(0, 0).text, table.cell(0, 1).text = "Question", cell
        picture = path.with_suffix(".png")
        picture.write_bytes(base64.b64decode(DOT))
        shape = document.add_picture(str(picture), width=Cm(2))
        shape._inline.docPr.set("descr", alt)
        document.save(path)
        return
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = (f'<w:document {w}><w:body><w:p><w:r><w:t>{paragraph[:4]}</w:t></w:r><w:r><w:t>'
            f"{paragraph[4:]}</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>{cell}</w:t>"
            "</w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:r><w:drawing><wp:inline xmlns:wp="
            '"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
            f'<wp:docPr id="1" name="Picture 1" descr="{alt}"/></wp:inline></w:drawing></w:r>'
            "</w:p></w:body></w:document>")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats'
                         '.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", body)


@pytest.mark.parametrize(("paragraph", "cell", "alt", "value", "where"), [
    ("The ABC-1001 case was reviewed.", "71%", "Bar chart of scores.", "ABC-1001", "paragraph"),
    ("Scores by theme.", "Lee Tester", "Bar chart of scores.", "Lee Tester", "paragraph"),
    ("Scores by theme.", "71%", "Bar chart: ABC-1002 71%.", "ABC-1002", "alt text"),
])
def test_a_detail_in_a_word_paper_is_found(tmp_path, secrets, paragraph, cell, alt, value,
                                           where):
    pack = make_pack(tmp_path)
    write_docx(pack / "board-paper.docx", paragraph=paragraph, cell=cell, alt=alt)
    findings = scan_pack(pack, secrets)
    assert [(f.file, f.value) for f in findings] == [("board-paper.docx", value)]
    assert where in findings[0].where and "word/document.xml" in findings[0].where


def test_a_clean_word_paper_passes(tmp_path, secrets):
    pack = make_pack(tmp_path)
    write_docx(pack / "board-paper.docx", paragraph="Scores by theme.", cell="71%",
               alt="Bar chart of scores.")
    assert scan_pack(pack, secrets) == []


def chromium() -> str:
    path = shutil.which("chromium") or ("/usr/bin/chromium"
                                        if Path("/usr/bin/chromium").exists() else None)
    if path is None:
        if in_ci():
            pytest.fail("Chromium is not installed: CI must print the PDF case", pytrace=False)
        pytest.skip("Chromium is not installed, so no PDF can be printed to scan")
    return path


def print_pdf(tmp_path: Path, name: str, text: str) -> Path:
    source = tmp_path / "print.html"
    source.write_text(f"<!DOCTYPE html><html><body><h1>Board pack</h1><p>{text}</p></body>"
                      "</html>", encoding="utf-8")
    target = tmp_path / f"{name}.pdf"
    subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--no-pdf-header-footer", f"--print-to-pdf={target}", source.as_uri()],
                   check=True, capture_output=True, timeout=120)
    return target


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("pdf")
    return {"leaky": print_pdf(root, "leaky", "Reviewed by Lee Tester on case ABC-1002."),
            "clean": print_pdf(root, "clean", "Planning scored 71%.")}


def test_a_detail_in_the_pdf_is_found(tmp_path, secrets, printed):
    pack = make_pack(tmp_path)
    shutil.copy(printed["leaky"], pack / "board-pack.pdf")
    findings = scan_pack(pack, secrets)
    assert {(f.file, f.value) for f in findings} == {("board-pack.pdf", "Lee Tester"),
                                                     ("board-pack.pdf", "ABC-1002")}
    assert {f.where for f in findings} == {"on page 1"}
    shutil.copy(printed["clean"], pack / "board-pack.pdf")
    assert scan_pack(pack, secrets) == []


def hide_pypdf(monkeypatch) -> None:
    real_import = builtins.__import__

    def without_pypdf(name, *args, **kwargs):
        if name == "pypdf" or name.startswith("pypdf."):
            raise ImportError("no pypdf here")
        return real_import(name, *args, **kwargs)

    monkeypatch.delitem(sys.modules, "pypdf", raising=False)
    monkeypatch.setattr(builtins, "__import__", without_pypdf)


def test_without_pypdf_the_pdf_is_read_with_pdftotext(tmp_path, secrets, printed, monkeypatch):
    if shutil.which("pdftotext") is None:
        if in_ci():
            pytest.fail("pdftotext (poppler-utils) is not installed in CI", pytrace=False)
        pytest.skip("pdftotext is not installed")
    pack = make_pack(tmp_path)
    shutil.copy(printed["leaky"], pack / "board-pack.pdf")
    hide_pypdf(monkeypatch)
    assert {f.value for f in scan_pack(pack, secrets)} == {"Lee Tester", "ABC-1002"}


def test_without_pdftotext_the_pdf_is_read_with_pypdf(tmp_path, secrets, printed, monkeypatch):
    pack = make_pack(tmp_path)
    shutil.copy(printed["leaky"], pack / "board-pack.pdf")
    real_which = shutil.which
    monkeypatch.setattr(shutil, "which",
                        lambda name, *a, **k: None if name == "pdftotext" else real_which(name))
    findings = scan_pack(pack, secrets)
    assert {(f.value, f.where) for f in findings} == {("Lee Tester", "on page 1"),
                                                      ("ABC-1002", "on page 1")}


def test_a_pdf_that_cannot_be_read_fails_the_check(tmp_path, secrets, monkeypatch):
    pack = make_pack(tmp_path, **{"board-pack.pdf": "%PDF-1.4 not really"})
    hide_pypdf(monkeypatch)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    findings = scan_pack(pack, secrets)
    assert [(f.file, f.kind) for f in findings] == [("board-pack.pdf", "unscanned")]
    assert "pypdf" in findings[0].where and "pdftotext" in findings[0].where
    with pytest.raises(ReportError, match=r"board-pack\.pdf could not be scanned"):
        check_pack(pack, secrets)


def test_a_damaged_word_file_fails_the_check(tmp_path, secrets):
    pack = make_pack(tmp_path, **{"board-paper.docx": "not a zip file"})
    assert [(f.file, f.kind) for f in scan_pack(pack, secrets)] == [
        ("board-paper.docx", "unscanned")]


# -- dates of birth --------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "DOB: 12/03/2008", "dob 12.03.08", "D.O.B. 2008-03-12", "(D.O.B 12-3-2008)",
    "Date of birth: 12 March 2008", "date of birth 3rd of March 2008", "born on 12/03/2008",
    "Born 3 Mar 2008", "born in March 2008", "born March 12, 2008", "born in 2008",
])
def test_a_date_of_birth_is_found(tmp_path, text):
    pack = make_pack(tmp_path, **{"02_theme_breakdown.html": page(para=f"The child ({text})")})
    findings = scan_pack(pack, set())
    assert [(f.file, f.kind) for f in findings] == [("02_theme_breakdown.html", "date of birth")]
    assert findings[0].what.startswith("a date of birth")


@pytest.mark.parametrize("text", [
    "Was the date of birth recorded? 80% of 20 cases", "The DOB field was blank in 2 files",
    "Audit round 2013 Q4: 12 March 2014", "Reborn 2008 initiative", "stubborn 12/03/2008",
])
def test_words_about_dates_of_birth_without_one_are_not_findings(tmp_path, text):
    pack = make_pack(tmp_path, **{"02_theme_breakdown.html": page(para=text)})
    assert scan_pack(pack, set()) == []


def test_a_column_of_dates_of_birth_is_found(tmp_path):
    pack = make_pack(tmp_path, **{
        "tables/children.csv": "Theme,Date of birth\nPlanning,not shown\n",
        "index.html": page(cell="x").replace('<th scope="row">', "<th>D.O.B.</th><th>"),
    })
    findings = scan_pack(pack, set())
    assert sorted((f.file, f.kind) for f in findings) == [
        ("index.html", "date of birth"), ("tables/children.csv", "date of birth")]


# -- the check that stops a report ----------------------------------------------------------


def test_the_check_names_the_first_file_what_it_shows_and_how_many_findings(tmp_path,
                                                                            secrets):
    pack = make_pack(tmp_path, **{
        "02_theme_breakdown.html": page(alt="Chart of ABC-1002", para="By Lee Tester"),
        "tables/02_theme_breakdown-questions-planning.csv": "Question,Note\nQ1,ABC-1001\n",
    })
    with pytest.raises(ReportError) as caught:
        check_pack(pack, secrets)
    message = str(caught.value)
    assert message.startswith("privacy check failed: 02_theme_breakdown.html shows a case "
                              "reference (in the alt text of an image, line ")
    assert "ABC-1002" not in message and "Lee Tester" not in message
    assert message.endswith("(3 findings in 2 files); the pack was not published")
    assert "\n" not in message
    assert caught.value.exit_code != 0
    assert [f.value for f in caught.value.findings] == ["ABC-1002", "Lee Tester", "ABC-1001"]


def test_a_finding_reads_plainly():
    finding = Finding("tables/t.csv", "auditor's name", "Lee Tester", "in row 2, column 'Note'")
    assert str(finding) == "tables/t.csv: auditor's name Lee Tester (in row 2, column 'Note')"
    # the message names the kind of detail and where it is, never the detail itself
    assert finding.sentence() == "tables/t.csv shows an auditor's name (in row 2, column 'Note')"
    assert "Lee Tester" not in finding.sentence()


def test_a_missing_pack_is_an_error_not_a_pass(tmp_path, secrets):
    with pytest.raises(ReportError, match="no pack folder"):
        check_pack(tmp_path / "nowhere", secrets)


def test_an_svg_that_is_not_well_formed_xml_is_still_read(tmp_path, secrets):
    broken = "<svg><text>Lee&nbsp;Tester<br></text></svg>"
    pack = make_pack(tmp_path, **{"figures/broken.svg": broken})
    assert [(f.file, f.value) for f in scan_pack(pack, secrets)] == [
        ("figures/broken.svg", "Lee Tester")]


def test_a_scan_of_some_files_reads_only_those(tmp_path, secrets):
    leaky = page(para="Reviewed by Lee Tester.")
    pack = make_pack(tmp_path, **{"02_theme_breakdown.html": leaky, "tables/leak.csv":
                                  "Question,Note\nQ1,case ABC-1002\n"})
    assert {f.file for f in scan_pack(pack, secrets, files=["tables/leak.csv"])} == {
        "tables/leak.csv"}
    assert {f.file for f in scan_pack(pack, secrets, files=["02_theme_breakdown.html"])} == {
        "02_theme_breakdown.html"}
    assert {f.file for f in scan_pack(pack, secrets)} == {"tables/leak.csv",
                                                          "02_theme_breakdown.html"}
    with pytest.raises(ReportError, match=r"tables/leak\.csv shows a case reference"):
        check_pack(pack, secrets, files=["tables/leak.csv"])


def test_a_scan_of_a_file_the_pack_does_not_have_is_an_error(tmp_path, secrets):
    pack = make_pack(tmp_path)
    with pytest.raises(ReportError, match=r"has no file tables/nowhere\.csv to scan"):
        scan_pack(pack, secrets, files=["tables/nowhere.csv"])


def test_a_case_reference_broken_at_its_hyphen_in_the_pdf_is_found(tmp_path, secrets):
    """Printed in a narrow table cell, ABC-1002 breaks after its hyphen; the PDF's text must keep
    the hyphen (pdftotext without -raw joins the halves into ABC1002)."""
    narrow = ('<table><tr><td style="width:2.2em;word-break:normal">ABC-1002</td><td>71%</td>'
              "</tr></table>")
    pdf = print_pdf(tmp_path, "broken", narrow)
    pack = make_pack(tmp_path)
    shutil.copy(pdf, pack / "board-pack.pdf")
    assert {f.value for f in scan_pack(pack, secrets)} == {"ABC-1002"}
