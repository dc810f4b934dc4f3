"""ooxml.py — the smallest WordprocessingML writer the sample corpus needs.

The corpus DOCX files are written by hand (no python-docx) so that every byte
of run formatting is under our control: the legacy-encoding fixtures need runs
whose text is TCVN3/VNI bytes stored as U+00XX characters with a chosen font,
and the official letter needs a borderless two-column header table.  Output is
deterministic (fixed zip timestamps, sorted parts) so that regenerating the
corpus does not change committed files.
"""

import zipfile
from xml.sax.saxutils import escape

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

# 1 pt = 20 twips; font sizes are in half-points.
TW_PER_MM = 1440 / 25.4


def mm(v):
    return int(round(v * TW_PER_MM))


def _attr(s):
    return escape(s, {'"': "&quot;"})


def fonts_xml(font):
    """w:rFonts naming one font for every character range (as Word writes it
    when a user picks a font for a selection)."""
    f = _attr(font)
    return f'<w:rFonts w:ascii="{f}" w:hAnsi="{f}" w:cs="{f}" w:eastAsia="{f}"/>'


def run(text, b=False, i=False, u=False, size=None, font=None, sup=False, caps=False,
        style=None, font_xml=None):
    """One w:r.  Tabs become w:tab and newlines w:br, as Word stores them."""
    rpr = []
    if style:
        rpr.append(f'<w:rStyle w:val="{style}"/>')
    if font_xml is not None:
        rpr.append(font_xml)
    elif font:
        rpr.append(fonts_xml(font))
    if b:
        rpr.append('<w:b/><w:bCs/>')
    if i:
        rpr.append('<w:i/><w:iCs/>')
    if caps:
        rpr.append('<w:caps/>')
    if u:
        rpr.append('<w:u w:val="single"/>')
    if size:
        hp = int(round(size * 2))
        rpr.append(f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/>')
    if sup:
        rpr.append('<w:vertAlign w:val="superscript"/>')
    out = ['<w:r>']
    if rpr:
        out.append('<w:rPr>' + ''.join(rpr) + '</w:rPr>')
    pieces = text.split('\n')
    for li, line in enumerate(pieces):
        if li:
            out.append('<w:br/>')
        for ti, chunk in enumerate(line.split('\t')):
            if ti:
                out.append('<w:tab/>')
            if chunk:
                out.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    out.append('</w:r>')
    return ''.join(out)


def footnote_ref(fid):
    """An auto-numbered footnote reference (a custom mark such as "(1)" is
    valid OOXML but LibreOffice prints it twice)."""
    return (f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{fid}"/></w:r>')


def footnote_mark():
    """The number at the start of a footnote's own paragraph."""
    return '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'


def para(runs, align=None, left=None, right=None, first=None, hanging=None, before=None,
         after=None, line=None, style=None, keep_next=False, tabs=None, border_bottom=False):
    """One w:p.  runs is a list of run() strings or one plain string.
    Lengths are in twips; before/after in points; line is a multiple (1.0, 1.15)."""
    if isinstance(runs, str):
        runs = [run(runs)]
    ppr = []
    if style:
        ppr.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        ppr.append('<w:keepNext/>')
    if border_bottom:
        ppr.append('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>')
    if tabs:
        ppr.append('<w:tabs>' + ''.join(f'<w:tab w:val="{k}" w:pos="{p}"/>' for k, p in tabs) +
                   '</w:tabs>')
    if before is not None or after is not None or line is not None:
        a = []
        if before is not None:
            a.append(f'w:before="{int(before * 20)}"')
        if after is not None:
            a.append(f'w:after="{int(after * 20)}"')
        if line is not None:
            a.append(f'w:line="{int(round(line * 240))}" w:lineRule="auto"')
        ppr.append('<w:spacing ' + ' '.join(a) + '/>')
    if any(v is not None for v in (left, right, first, hanging)):
        a = []
        if left is not None:
            a.append(f'w:left="{left}"')
        if right is not None:
            a.append(f'w:right="{right}"')
        if first is not None:
            a.append(f'w:firstLine="{first}"')
        if hanging is not None:
            a.append(f'w:hanging="{hanging}"')
        ppr.append('<w:ind ' + ' '.join(a) + '/>')
    if align:
        ppr.append(f'<w:jc w:val="{align}"/>')
    head = '<w:p>' + ('<w:pPr>' + ''.join(ppr) + '</w:pPr>' if ppr else '')
    return head + ''.join(runs) + '</w:p>'


def table(rows, widths):
    """A borderless table: rows is a list of rows, each a list of cells, each
    cell a list of para() strings.  widths in twips."""
    grid = ''.join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    none = ''.join(f'<w:{s} w:val="nil"/>' for s in
                   ('top', 'left', 'bottom', 'right', 'insideH', 'insideV'))
    out = [f'<w:tbl><w:tblPr><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
           f'<w:tblLayout w:type="fixed"/><w:tblBorders>{none}</w:tblBorders>'
           '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/>'
           f'</w:tblCellMar><w:tblLook w:val="0000"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>']
    for row in rows:
        out.append('<w:tr>')
        for w, cell in zip(widths, row):
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>')
            out.append(''.join(cell) if cell else '<w:p/>')
            out.append('</w:tc>')
        out.append('</w:tr>')
    out.append('</w:tbl>')
    return ''.join(out)


def sect_a4(top=20, bottom=20, left=30, right=15):
    """A4 portrait section with margins in millimetres (HD 36: 20/20/30/15)."""
    return (f'<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>'
            f'<w:pgMar w:top="{mm(top)}" w:right="{mm(right)}" w:bottom="{mm(bottom)}" '
            f'w:left="{mm(left)}" w:header="720" w:footer="720" w:gutter="0"/></w:sectPr>')


def styles_xml(default_font, default_size, extra=''):
    """styles.xml with document defaults, Normal, Heading 1/2 and any extra
    w:style elements (for example a legacy-font paragraph style)."""
    hp = int(round(default_size * 2))
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:styles {W_NS}><w:docDefaults><w:rPrDefault><w:rPr>{fonts_xml(default_font)}'
            f'<w:sz w:val="{hp}"/><w:szCs w:val="{hp}"/><w:lang w:val="vi-VN" w:eastAsia="en-US"/>'
            '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>'
            '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault>'
            '</w:docDefaults>'
            '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
            '<w:qFormat/></w:style>'
            '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
            '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
            '</w:style>'
            '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/>'
            '<w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr>'
            '<w:rPr><w:b/><w:bCs/></w:rPr></w:style>'
            '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>'
            '<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/>'
            '<w:spacing w:before="180" w:after="60"/><w:outlineLvl w:val="1"/></w:pPr>'
            '<w:rPr><w:b/><w:bCs/><w:i/><w:iCs/></w:rPr></w:style>'
            '<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/>'
            '<w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>'
            '</w:style>'
            f'{extra}</w:styles>')


def _font_table(fonts):
    items = []
    for name in fonts:
        n = _attr(name)
        # Legacy 8-bit Vietnamese fonts are ANSI fonts (charset 00), like any
        # Windows text font; Word records them the same way.
        items.append(f'<w:font w:name="{n}"><w:charset w:val="00"/><w:family w:val="roman"/>'
                     '<w:pitch w:val="variable"/></w:font>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:fonts {W_NS}>' + ''.join(items) + '</w:fonts>')


def _footnotes_xml(notes):
    sep = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
           '<w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr>'
           '<w:spacing w:after="0"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p>'
           '</w:footnote>')
    body = ''.join(f'<w:footnote w:id="{fid}">{xml}</w:footnote>' for fid, xml in notes)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<w:footnotes {W_NS}>{sep}{body}</w:footnotes>')


def write_docx(path, body, styles, title, created, fonts, footnotes=None, subject='',
               creator='thuvien corpus/gen'):
    """Write a complete DOCX.  body is the inside of w:body including the final
    w:sectPr; footnotes is a list of (id, paragraphs-xml) or None; created is
    a W3CDTF date or None (no date is better than an invented one)."""
    ct = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
          '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
          '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>']
    if footnotes:
        ct.append('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>')
    ct.append('<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
              '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
              '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
            '</Relationships>')
    wrels = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
             '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>'
             '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>']
    if footnotes:
        wrels.append('<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>')
    wrels.append('</Relationships>')
    fpr = ('<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
           if footnotes else '')
    settings = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:settings {W_NS}><w:defaultTabStop w:val="720"/>'
                f'<w:characterSpacingControl w:val="doNotCompress"/>{fpr}'
                '<w:compat><w:compatSetting w:name="compatibilityMode" '
                'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
                '</w:settings>')
    core = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{escape(title)}</dc:title><dc:subject>{escape(subject)}</dc:subject>'
            f'<dc:creator>{escape(creator)}</dc:creator><dc:language>vi-VN</dc:language>'
            + (f'<dcterms:created xsi:type="dcterms:W3CDTF">{created}</dcterms:created>'
               f'<dcterms:modified xsi:type="dcterms:W3CDTF">{created}</dcterms:modified>'
               if created else '') +
            '</cp:coreProperties>')
    app = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>thuvien corpus/gen</Application></Properties>')
    doc = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           f'<w:document {W_NS}><w:body>{body}</w:body></w:document>')
    parts = [('[Content_Types].xml', ''.join(ct)), ('_rels/.rels', rels),
             ('docProps/app.xml', app), ('docProps/core.xml', core),
             ('word/_rels/document.xml.rels', ''.join(wrels)), ('word/document.xml', doc),
             ('word/fontTable.xml', _font_table(fonts)), ('word/settings.xml', settings),
             ('word/styles.xml', styles)]
    if footnotes:
        parts.append(('word/footnotes.xml', _footnotes_xml(footnotes)))
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            zi = zipfile.ZipInfo(name, date_time=(2022, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, data.encode('utf-8'))
