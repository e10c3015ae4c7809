#!/usr/bin/env python3
"""Write small hand-made seed inputs for every fuzz target into fuzz/corpus/<target>/.

The seeds are made here, from invented text (no framework or document from the shared data
is copied into the repository). Zip containers (DOCX, ODT, XLSX) are written with stored,
uncompressed entries, so that mutations reach the XML inside rather than only breaking the
deflate stream; one compressed variant of each keeps the inflate path covered. Existing
files are overwritten, others in the folders are left alone (the fuzzer's own finds).

Usage: python3 fuzz/seeds.py [CORPUS_DIR]   (default: fuzz/corpus beside this script)
"""

import io
import os
import sys
import zipfile
import zlib

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")

ADVERT = (
    "Senior Data Engineer\n\n"
    "About the role\n"
    "We are looking for an engineer to design data pipelines in Python and SQL, e.g. with "
    "Apache Spark. You will lead a team of 3 and mentor juniors.\n\n"
    "Responsibilities:\n"
    "- Build and maintain ETL jobs on AWS (S3, Glue) and Azure.\n"
    "- Own CI/CD for C++, C# and ASP.NET services; Node.js front ends.\n"
    "* Analyze requirements with stakeholders, i.e. product owners etc.\n"
    "1. Model data; 2. Test it. Dr. J. Smith reviews the U.S. designs.\n\n"
    "REQUIREMENTS\n"
    "| Skill | Level |\n|---|---|\n| Data modelling | 4 |\n"
    "Salary: £60,000 – £70,000 … apply by 1 Jan.\n"
)


def put(target, name, data):
    folder = os.path.join(OUT, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def zip_bytes(entries, compress=False):
    buf = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, content in entries:
            # ODF wants its mimetype first and stored, whatever the rest.
            kind = zipfile.ZIP_STORED if name == "mimetype" else method
            z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), content, compress_type=kind)
    return buf.getvalue()


# ---------------------------------------------------------------- documents

HTML = [
    ("page.html", """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Data Engineer</title>
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a></nav>
<h1>Data Engineer</h1>
<p>Design <b>data pipelines</b> in Python&nbsp;and SQL &amp; Spark &#8212; &#x2019;s &eacute;</p>
<ul><li>ETL on AWS</li><li>CI/CD for C++</li></ul>
<table><tr><th>Skill</th><th>Level</th></tr><tr><td>Data modelling</td><td>4</td></tr></table>
<div><div><div><p>Nested<br>lines</p></div></div></div>
<!-- a comment --><pre>  keep
   spacing</pre>
</body></html>"""),
    ("latin1.html", "<html><head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>"
     "</head><body><p>Caf\xe9 manager</p></body></html>".encode("latin-1")),
    ("utf16.html", "\ufeff<html><body><p>UTF-16 page about SQL</p></body></html>".encode("utf-16-le")),
    ("fragment.html", "<p>Unclosed <i>tags <table><td>cell<tr><td>x</table><select><option>a"),
]

RTF = [
    ("basic.rtf", r"""{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}{\f1\fmodern Courier;}}
{\colortbl;\red0\green0\blue0;}{\*\generator Invented;}{\info{\title CV}}
\pard\plain\f0\fs24 Data Engineer\par
Designs data pipelines in Python and SQL.\tab Caf\'e9 \u8217? \u-4064?\par
{\b Skills:}\line ETL, CI/CD\par
{\*\unknowndest hidden}{\field{\*\fldinst HYPERLINK "http://x"}{\fldrslt link}}\par
\trowd\cellx1000\cellx2000 a\cell b\cell\row
{\pict\pngblip 89504e47}\bin0 \par}"""),
    ("unicode.rtf", r"{\rtf1\ansi\uc1 caf\u233?\'e9 \u20013\'3f\u25991\'3f \ldblquote x\rdblquote\par}"),
    ("nested.rtf", "{\\rtf1 " + "{" * 50 + "deep" + "}" * 50 + "\\par}"),
    ("codepage.rtf", "{\\rtf1\\ansi\\ansicpg1251{\\fonttbl{\\f0\\fcharset204 X;}}\\f0 \\'cf\\'f0\\'e8\\par}"),
]


def pdf(content_streams, compress=False):
    """A PDF with one page per content stream, Helvetica, a correct xref table."""
    objects = []
    n_pages = len(content_streams)
    page_ids = [3 + 2 * i for i in range(n_pages)]
    font_id = 3 + 2 * n_pages
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    for i, stream in enumerate(content_streams):
        data = stream.encode("latin-1")
        extra = b""
        if compress:
            data = zlib.compress(data)
            extra = b" /Filter /FlateDecode"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {page_ids[i] + 1} 0 R "
            f"/Resources << /Font << /F1 {font_id} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PAGE1 = """BT /F1 12 Tf 72 720 Td (Senior Data Engineer) Tj 0 -14 Td
(Designs data pipelines in Python and SQL.) Tj T* [(Spark) -250 (and) 120 (ETL)] TJ
0 -14 Td <43a92b2b> Tj ET
BT /F1 10 Tf 1 0 0 1 72 600 Tm (Caf\\351 \\(brackets\\) \\n escapes) ' ET"""
PAGE2 = "BT /F1 12 Tf 72 720 Td (Responsibilities: lead a team.) Tj ET q 1 0 0 1 0 0 cm Q"

DOCX_CT = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
DOCX_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOCX_DOC = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
<w:body>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Senior Data Engineer</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Designs data </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>pipelines</w:t></w:r><w:r><w:tab/><w:t>in SQL &amp; Python</w:t><w:br/><w:t>&#8217;s</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>ETL on AWS</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Skill</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Level 4</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Text box: CI/CD</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:t>fallback</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>
<w:p><w:hyperlink><w:r><w:t>link text</w:t></w:r></w:hyperlink><w:r><w:delText>deleted</w:delText><w:instrText>HYPERLINK x</w:instrText></w:r></w:p>
<w:sectPr/></w:body></w:document>"""
DOCX_NOTES = """<?xml version="1.0" encoding="UTF-8"?>
<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:footnote w:id="1"><w:p><w:r><w:t>A footnote about Spark.</w:t></w:r></w:p></w:footnote></w:footnotes>"""
DOCX_HDR = """<?xml version="1.0"?><w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:r><w:t>Header text</w:t></w:r></w:p></w:hdr>"""


def docx(compress=False):
    return zip_bytes([("[Content_Types].xml", DOCX_CT), ("_rels/.rels", DOCX_RELS),
                      ("word/document.xml", DOCX_DOC), ("word/footnotes.xml", DOCX_NOTES),
                      ("word/header1.xml", DOCX_HDR)], compress)


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" office:version="1.2">
<office:body><office:text>
<text:h text:outline-level="1">Senior Data Engineer</text:h>
<text:p>Designs data<text:s text:c="3"/>pipelines<text:tab/>in SQL<text:line-break/>and Python &amp; Spark.</text:p>
<text:list><text:list-item><text:p>ETL on AWS<text:note><text:note-body><text:p>A note.</text:p></text:note-body></text:note></text:p></text:list-item></text:list>
<table:table><table:table-row><table:table-cell><text:p>Skill</text:p></table:table-cell><table:table-cell><text:p>Level 4</text:p></table:table-cell></table:table-row></table:table>
<draw:frame><draw:text-box><text:p>Box: CI/CD</text:p></draw:text-box></draw:frame>
<text:p><text:span>span</text:span><text:a>link</text:a><text:soft-page-break/></text:p>
</office:text></office:body></office:document-content>"""


def odt(compress=False):
    manifest = """<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/></manifest:manifest>"""
    return zip_bytes([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", ODT_CONTENT),
                      ("META-INF/manifest.xml", manifest)], compress)


# ---------------------------------------------------------------- legacy Word (OLE2)

END, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF


def ole2(streams):
    """A version-3 compound file holding `streams` [(name, bytes)], each padded to 4096 bytes so
    that it lives in regular sectors (no mini stream to write)."""
    import struct
    sectors = []  # after the FAT (sector 0) and the directory (sector 1)
    fat = [FATSECT, END]
    entries = []
    for name, data in streams:
        data = data + b"\0" * max(0, 4096 - len(data))
        data += b"\0" * (-len(data) % 512)
        start = 2 + len(sectors)
        count = len(data) // 512
        for k in range(count):
            sectors.append(data[k * 512:(k + 1) * 512])
            fat.append(start + k + 1 if k + 1 < count else END)
        entries.append((name, start, len(data)))
    assert len(fat) <= 128
    fat += [FREE] * (128 - len(fat))

    def entry(name, kind, left, right, child, start, size):
        raw = name.encode("utf-16-le") + b"\0\0"
        return (raw.ljust(64, b"\0") + struct.pack("<HBBIII", len(raw), kind, 1, left, right, child)
                + b"\0" * 16 + struct.pack("<IQQIQ", 0, 0, 0, start, size))
    # Root's child is the first stream; the others hang off its left (all names here are
    # shorter or compare lower, which is all readers check).
    dirs = [entry("Root Entry", 5, NOSTREAM, NOSTREAM, 1, END, 0)]
    for i, (name, start, size) in enumerate(entries):
        left = i + 2 if i + 1 < len(entries) else NOSTREAM
        dirs.append(entry(name, 2, left, NOSTREAM, NOSTREAM, start, size))
    while len(dirs) < 4:
        dirs.append(b"\0" * 64 + struct.pack("<HBBIII", 0, 0, 0, NOSTREAM, NOSTREAM, NOSTREAM) + b"\0" * 16
                    + struct.pack("<IQQIQ", 0, 0, 0, 0, 0))
    header = (b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, END, 0, END, 0)
              + struct.pack("<I", 0) + struct.pack("<I", FREE) * 108)
    assert len(header) == 512
    return header + struct.pack("<128I", *fat) + b"".join(dirs) + b"".join(sectors)


def word97(part1, part2, table_one=True):
    """A Word 97 document: an 8-bit piece then a UTF-16 piece, as doc.rs's own test builds."""
    import struct
    word = bytearray(2048)
    word[0:2] = struct.pack("<H", 0xA5EC)
    word[2:4] = struct.pack("<H", 0x00C1)
    word[0x0A:0x0C] = struct.pack("<H", 0x0200 if table_one else 0)
    word[32:34] = struct.pack("<H", 14)
    word[62:64] = struct.pack("<H", 22)
    units = part2.encode("utf-16-le")
    ccp = len(part1) + len(units) // 2
    word[76:80] = struct.pack("<I", ccp)
    word[152:154] = struct.pack("<H", 93)
    word += part1
    utf16_at = len(word)
    word += units
    plc = b"".join(struct.pack("<I", cp) for cp in (0, len(part1), ccp))
    plc += struct.pack("<HIH", 0, (2048 * 2) | 0x40000000, 0) + struct.pack("<HIH", 0, utf16_at, 0)
    table = bytearray(16)
    fc_clx = len(table)
    table += bytes([1, 2, 0, 0xAA, 0xBB, 2]) + struct.pack("<I", len(plc)) + plc
    lcb_clx = len(table) - fc_clx
    word[154 + 33 * 8:154 + 33 * 8 + 8] = struct.pack("<II", fc_clx, lcb_clx)
    return ole2([("WordDocument", bytes(word)), ("1Table" if table_one else "0Table", bytes(table))])


# ---------------------------------------------------------------- workbooks


def col(i):
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def xlsx(sheets, compress=False, shared=True):
    """An xlsx with the given {name: rows} sheets; strings shared or inline."""
    strings = []
    index = {}
    parts = []
    names = list(sheets)
    ct = ['<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>']
    rels = ['<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">']
    wb_sheets = []
    for n, name in enumerate(names, start=1):
        rows_xml = []
        for r, row in enumerate(sheets[name], start=1):
            cells = []
            for c, value in enumerate(row):
                ref = f"{col(c)}{r}"
                if isinstance(value, (int, float)):
                    cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                elif value == "":
                    continue
                elif shared:
                    if value not in index:
                        index[value] = len(strings)
                        strings.append(value)
                    cells.append(f'<c r="{ref}" t="s"><v>{index[value]}</v></c>')
                else:
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{esc(value)}</t></is></c>')
            rows_xml.append(f'<row r="{r}">{"".join(cells)}</row>')
        sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 f'<sheetData>{"".join(rows_xml)}</sheetData></worksheet>')
        parts.append((f"xl/worksheets/sheet{n}.xml", sheet))
        ct.append(f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
        rels.append(f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>')
        wb_sheets.append(f'<sheet name="{esc(name)}" sheetId="{n}" r:id="rId{n}"/>')
    if shared:
        sst = "".join(f"<si><t>{esc(s)}</t></si>" for s in strings)
        parts.append(("xl/sharedStrings.xml", '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                      f'count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>'))
        ct.append('<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>')
        rels.append(f'<Relationship Id="rId{len(names) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>')
    ct.append("</Types>")
    rels.append("</Relationships>")
    workbook = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                f'<sheets>{"".join(wb_sheets)}</sheets></workbook>')
    root_rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    entries = [("[Content_Types].xml", "".join(ct)), ("_rels/.rels", root_rels), ("xl/workbook.xml", workbook),
               ("xl/_rels/workbook.xml.rels", "".join(rels))] + parts
    return zip_bytes(entries, compress)


SFIA_HEADER = ["#", "Levels", "", "", "Code", "URL", "Skill", "Category", "Subcategory", "Overall description",
               "Guidance notes"] + [f"Level {i} description" for i in range(1, 8)]
SFIA_ROWS = [
    [1, 3, 4, 5, "WDGT", "https://example.org/sfia-9/widget-engineering", "Widget engineering", "Development",
     "Engineering", "Designing and building widgets._x000D_\nWith care.", "Widgets may include gadgets.",
     "", "", "Builds simple widgets under guidance.", "Designs widgets.\u00a0Reviews others' work.",
     "Leads widget teams.", "", ""],
    [2, 2, "", "", "GDGT", "", "Gadget testing", "Quality", "Testing", "Testing gadgets.", "",
     "", "Runs gadget tests.", "", "", "", "", ""],
]
LEVELS_SHEET = [["Level", "Guiding phrase", "Essence of the level"],
                [1, "Follow", "Works under close direction."], [2, "Assist", "Helps others."]]
ATTRIBUTES = [["Attribute", "Level 1", "Level 2"], ["Autonomy", "Works under direction.", "Some discretion."]]

GENERIC_ROWS = [["code", "name", "level", "level_name", "level_description", "aliases", "category"],
                ["DATA", "Data wrangling", 2, "Assist", "Cleans data under guidance.", "data munging|ETL", "Data"],
                ["DATA", "", "Level 4", "Enable", "Designs data pipelines.", "", ""],
                ["CODE", "Coding", "1.0", "", "Writes code with help.", "", ""]]


def csv_text(rows, delimiter=","):
    def cell(v):
        s = str(v)
        if any(ch in s for ch in (delimiter, '"', "\n", "\r")):
            s = '"' + s.replace('"', '""') + '"'
        return s
    return "\r\n".join(delimiter.join(cell(v) for v in row) for row in rows) + "\r\n"


# ---------------------------------------------------------------- framework pages (invented)

LOGSEQ = """type:: [[skill]]
source:: [[@An invented framework for fuzzing]]
documentation:: Designing and building widgets to meet defined needs.
sfiacode:: [[WDGT]]
sfiaskill:: [[Widget engineering]]
sfiacategory:: [[Development]]
sfiasubcategory:: [[Engineering]]
sfiaguidancenotes:: Widgets may include gadgets and gizmos.
sfialevel3description:: Builds simple widgets under guidance.
sfialevel4description::
sfialevel5description:: Leads widget teams. Reviews designs.

- Notes
  - a bullet
"""

SFIA_PAGE = """# Widget engineering WDGT

Designing and building widgets to meet defined needs.

## Guidance notes

Widgets may include gadgets.

  • building widgets
  • testing widgets

Defined at these levels: 3 4 5

### Widget engineering: Level 3

Builds simple widgets under guidance. See [Gadget testing](https://example.org/sfia-9/gadget-testing).

### Widget engineering: Level 4

Designs widgets.
"""

LEVEL_PAGE = """# Levels of responsibility: Level 2

## Assist

### Essence of the level

Provides assistance to others, works under routine direction.

### Autonomy

Works under routine direction.
"""

CHANGE_REQUEST = """Change request WDGT: rename Widget engineering

Proposed change applies to: Widget engineering (WDGT)

Current status of this request: Accepted

Old name: Widget making
Draft name: Widget and gadget engineering

Level 3 draft: Builds widgets.
"""

PROFICIENCY = """Widget Management

Level 1 (Follow)
- Follows widget procedures.
- Reports faults.

Level 2 (Assist)
- Assists with widget builds.

Level 3 (Apply)
* Applies widget standards.
"""

FRAMEWORK_JSON = """{
  "id": "acme-2025",
  "name": "ACME engineering skills",
  "attribution": "(c) ACME",
  "levels": [{ "level": 1, "name": "Learner", "description": "Is learning the basics." }],
  "skills": [
    {
      "code": "RUST", "name": "Rust programming", "description": "Writing and reviewing Rust.",
      "aliases": ["Rust", "rustlang"], "category": "Engineering", "subcategory": "Languages",
      "url": "https://example.org/skills/rust",
      "levels": [{ "level": 3, "name": "Apply", "description": "Writes safe, idiomatic Rust." }]
    },
    { "name": "Data analysis (basic)" }
  ]
}
"""

# A nested object where the array belongs (the shape of SFIA 7's published JSON): an error.
SFIA7_JSON = """{"skills": {"Development": {"Engineering": {"Widget engineering": {"code": "WDGT",
 "description": "Building widgets.", "levels": {"3": "Builds widgets.", "4": "Designs widgets."}}}}}}
"""

MANIFEST = """{
  "id": "widgets-1.0",
  "name": "Widgets",
  "levels": [{ "level": 1, "name": "Follow", "description": "Works under direction." }],
  "sources": [
    {
      "file": "table.csv",
      "delimiter": ",",
      "columns": { "code": "Widget ID", "name": ["Widget Title", "Kind"], "aliases": "Example" },
      "filter": { "column": "Kind", "starts_with": "wid" },
      "defaults": { "category": "Widgets" }
    }
  ]
}"""
MANIFEST_TABLE = csv_text([["Widget ID", "Widget Title", "Kind", "Example"],
                           ["W1", "Widget engineering", "widget", "gizmo|gadget"],
                           ["W2", "Gadget testing", "gadget", ""]])
MANIFEST_XLSX = MANIFEST.replace('"table.csv"', '"table.xlsx", "sheet": "Widgets"').replace('"delimiter": ",",', "")

ESCO_SKILLS = csv_text([
    ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "hiddenLabels",
     "status", "modifiedDate", "scopeNote", "definition", "inScheme", "description"],
    ["KnowledgeSkillCompetence", "http://data.europa.eu/esco/skill/1", "skill/competence", "sector-specific",
     "build widgets ", "make widgets\nassemble widgets", "", "released", "2023-01-01", "", "",
     "http://data.europa.eu/esco/concept-scheme/skills", "Construct widgets to a specification."],
    ["KnowledgeSkillCompetence", "http://data.europa.eu/esco/skill/2", "knowledge", "cross-sector",
     "gadget theory", "", "", "released", "", "", "", "", "The study of gadgets."],
])
ESCO_BROADER = csv_text([["conceptType", "conceptUri", "broaderType", "broaderUri"],
                         ["KnowledgeSkillCompetence", "http://data.europa.eu/esco/skill/1", "SkillGroup",
                          "http://data.europa.eu/esco/isced-f/g1"],
                         ["SkillGroup", "http://data.europa.eu/esco/isced-f/g1", "SkillGroup",
                          "http://data.europa.eu/esco/skill/root"],
                         ["SkillGroup", "http://data.europa.eu/esco/skill/root", "SkillGroup",
                          "http://data.europa.eu/esco/isced-f/g1"]])
ESCO_GROUPS = csv_text([["conceptType", "conceptUri", "preferredLabel"],
                        ["SkillGroup", "http://data.europa.eu/esco/isced-f/g1", "engineering"],
                        ["SkillGroup", "http://data.europa.eu/esco/skill/root", "skills"]])


def main():
    # Documents.
    for name, data in HTML:
        put("doc_html", name, data)
    put("doc_pdf", "two-pages.pdf", pdf([PAGE1, PAGE2]))
    put("doc_pdf", "flate.pdf", pdf([PAGE1], compress=True))
    put("doc_pdf", "no-text.pdf", pdf(["q 0 0 10 10 re f Q"]))
    put("doc_docx", "stored.docx", docx())
    put("doc_docx", "deflated.docx", docx(compress=True))
    put("doc_odt", "stored.odt", odt())
    put("doc_odt", "deflated.odt", odt(compress=True))
    for name, data in RTF:
        put("doc_rtf", name, data)
    put("doc_doc", "word97.doc", word97(b"Senior Data Engineer\rDesigns pipelines in SQL \x93quoted\x94\r"
                                        b"See \x13 HYPERLINK \"x\" \x14example.com\x15 now\x07cell\x07\x07",
                                        "Z\u00fcrich \u2013 \u20ac5\u000bnext\u001eline\r"))
    put("doc_doc", "table0.doc", word97(b"Table zero stream\r", "", table_one=False))
    put("doc_text", "advert.txt", b"\x00" + ADVERT.encode())
    put("doc_text", "advert.md", b"\x01# Data Engineer\n\n<dl><dt>Grade</dt><dd>7</dd></dl>\n"
        b"See [the role](https://example.org/x) and <!-- c -->**SQL**.\n")
    put("doc_text", "utf16.txt", b"\x00" + "\ufeffCaf\u00e9 SQL".encode("utf-16-le"))
    put("doc_text", "latin1.txt", b"\x00Caf\xe9 manager, r\xe9sum\xe9 with SQL\r\n")
    put("doc_text", "binary.txt", b"\x00\x01\x02\x03\x1b[8mhidden\x00")
    # The dispatch target: format pick byte (index into the extractor list) + any format's bytes.
    picks = {"txt": 0, "md": 1, "html": 2, "pdf": 3, "docx": 4, "odt": 5, "rtf": 6, "doc": 7}
    put("doc_dispatch", "pdf-as-docx.bin", bytes([picks["docx"]]) + pdf([PAGE2]))
    put("doc_dispatch", "rtf-as-doc.bin", bytes([picks["doc"]]) + RTF[1][1].encode())
    put("doc_dispatch", "docx-as-odt.bin", bytes([picks["odt"]]) + docx())
    put("doc_dispatch", "html-as-doc.bin", bytes([picks["doc"]]) + HTML[0][1].encode())
    put("doc_dispatch", "odt-as-pdf.bin", bytes([picks["pdf"]]) + odt())
    put("doc_dispatch", "lock.bin", bytes([0xF8 + picks["docx"]]) + b"\x0bJane Owner\x00\x00")
    # Decoders: charset label, NUL, bytes.
    put("text_decode", "utf8", b"utf-8\x00" + ADVERT.encode())
    put("text_decode", "latin1", b"iso-8859-1\x00Caf\xe9")
    put("text_decode", "sjis", b"shift_jis\x00\x82\xa0\x82\xa2")
    put("text_decode", "utf16le-bom", b"utf-16\x00" + "\ufeffhello".encode("utf-16-le"))
    put("text_decode", "utf16be-bom", b"\x00" + "\ufeffhello".encode("utf-16-be"))
    put("text_decode", "utf32-bom", b"\x00" + "\ufeffhello".encode("utf-32-le"))
    put("text_decode", "mixed", b"\x00caf\xc3\xa9 and caf\xe9 \xff\xfe")
    put("text_sentences", "advert.txt", ADVERT)
    put("text_sentences", "wall.txt", ("word " * 200).strip() + "\n" + "A.B.C. e.g. etc. No. 5. U.S.A. Mr. X.")
    put("text_sentences", "tech.txt", "C++, C#, F#, .NET, ASP.NET, VB.NET, Node.js, D3.js, CI/CD, TCP/IP, PL/SQL, "
        "A/B, I/O, R&D, M&A, Q&A, P&L, AT&T, T-SQL, Objective-C, Wi-Fi, e-mail, e-commerce, "
        "organization, analyzed, color, modeling, programmer, analysis, strategic; x.net a/b@c.js")

    # Framework loaders.
    put("fw_sfia_sheet", "shared.xlsx", xlsx({"Read Me Notes": [["Invented"]], "Skills": [SFIA_HEADER] + SFIA_ROWS,
                                             "Attributes": ATTRIBUTES, "Levels of responsibility": LEVELS_SHEET}))
    put("fw_sfia_sheet", "inline.xlsx", xlsx({"Skills": [SFIA_HEADER] + SFIA_ROWS}, shared=False))
    put("fw_sfia_sheet", "deflated.xlsx", xlsx({"Skills": [SFIA_HEADER] + SFIA_ROWS[:1],
                                               "Levels of responsibility": LEVELS_SHEET}, compress=True))
    put("fw_sfia_csv", "skills.csv", csv_text([SFIA_HEADER] + SFIA_ROWS))
    put("fw_sfia_csv", "cp1252.csv", csv_text([SFIA_HEADER] + SFIA_ROWS).encode("cp1252", "replace"))
    put("fw_sfia_csv", "semicolon.csv", csv_text([SFIA_HEADER] + SFIA_ROWS, ";"))
    put("fw_sfia_csv", "unclosed.csv", csv_text([SFIA_HEADER]) + 'x,"unclosed,WDGT\r\n')
    put("fw_generic", "table.csv", b"\x00" + csv_text(GENERIC_ROWS).encode())
    put("fw_generic", "table.tsv", b"\x01" + csv_text(GENERIC_ROWS, "\t").encode())
    put("fw_generic", "table.txt", b"\x02" + csv_text(GENERIC_ROWS, "\t").encode("utf-16"))
    put("fw_generic", "table.xlsx", b"\x03" + xlsx({"Sheet1": [["Title"], []] + GENERIC_ROWS}))
    put("fw_framework_json", "framework.json", FRAMEWORK_JSON)
    put("fw_framework_json", "sfia7.json", SFIA7_JSON)
    put("fw_logseq", "page.md", LOGSEQ)
    put("fw_sfia_page", "skill.md", SFIA_PAGE)
    put("fw_sfia_page", "level.md", LEVEL_PAGE)
    put("fw_change_request", "request.txt", CHANGE_REQUEST)
    put("fw_proficiency", "page.txt", PROFICIENCY)
    put("fw_esco", "esco.csv", ESCO_SKILLS + "\x00" + ESCO_BROADER + "\x00" + ESCO_GROUPS)
    put("fw_esco", "skills-only.csv", ESCO_SKILLS)
    put("fw_manifest", "csv", MANIFEST + "\x00" + MANIFEST_TABLE)
    put("fw_manifest", "xlsx", MANIFEST_XLSX.encode() + b"\x00" + xlsx({"Widgets": [["Widget ID", "Widget Title", "Kind"],
                                                                        ["W1", "Widget engineering", "widget"]]}))
    # detect + load: pick byte indexes f.xlsx, f.csv, f.tsv, f.json, f.md, f.txt, f, x.framework.json.
    seeds = {
        "xlsx": (0, xlsx({"Skills": [SFIA_HEADER] + SFIA_ROWS})),
        "generic-xlsx": (0, xlsx({"Sheet1": GENERIC_ROWS})),
        "sfia-csv": (1, csv_text([SFIA_HEADER] + SFIA_ROWS).encode()),
        "generic-csv": (1, csv_text(GENERIC_ROWS).encode()),
        "esco-csv": (1, ESCO_SKILLS.encode()),
        "tsv": (2, csv_text(GENERIC_ROWS, "\t").encode()),
        "json": (3, FRAMEWORK_JSON.encode()),
        "logseq": (4, LOGSEQ.encode()),
        "page": (4, SFIA_PAGE.encode()),
        "request": (5, CHANGE_REQUEST.encode()),
        "proficiency": (6, PROFICIENCY.encode()),
        "tab-txt": (5, csv_text(GENERIC_ROWS, "\t").encode()),
    }
    for name, (pick, data) in seeds.items():
        put("fw_detect", name, bytes([pick]) + data)


if __name__ == "__main__":
    main()
