"""letter.py — Công văn 598-CV/ĐUK (seed 000) laid out as a Party công văn
under Hướng dẫn 36-HD/VPTW: borderless two-column header table, trích yếu in
italics under the number (a Party công văn has no "V/v"), "Kính gửi:" list,
justified body, footnote, then "Nơi nhận:" at the bottom left beside the
signature block.  Every value comes from the seed.
"""

from ooxml import para, run, table, footnote_ref, footnote_mark, sect_a4, styles_xml, write_docx, mm
from seeds import blocks, expect

FONT = 'Times New Roman'


def build(path):
    b = blocks('000')
    issuer = b[0]
    expect(issuer == ['ĐẢNG BỘ TỈNH BẾN TRE', 'ĐẢNG ỦY KHỐI', 'CƠ QUAN - DOANH NGHIỆP TỈNH'],
           'issuer lines')
    heading, date_line = b[1]
    expect(heading == 'ĐẢNG CỘNG SẢN VIỆT NAM' and date_line.startswith('Bến Tre, ngày'),
           'party heading and date line')
    expect(b[2] == ['*'], 'star line')
    number = b[3][0]
    expect(number.startswith('Số 598'), 'number')
    title_lines = [s.strip('*') for s in b[4]]
    expect(b[5] == ['Kính gửi:'], 'Kính gửi')
    recipients = b[6]
    body_open = b[7][0]
    items = [b[8][0], b[9][0]]
    item3_head, note, item3_tail = b[10][0], b[11][0], b[12][0]
    expect(note.startswith('⁽¹⁾ '), 'footnote')
    expect('đổi mới⁽¹⁾' in item3_head, 'footnote mark')
    more = [b[13][0], b[14][0], b[15][0]]
    expect(b[16] == ['Nơi nhận:'], 'Nơi nhận')
    noi_nhan = b[17]
    authority = [s.strip('*') for s in b[18]]
    signer = b[19][0]

    p = []
    # Header: usable width 165 mm (A4 minus 30 + 15 mm margins).
    left_w, right_w = mm(83), mm(82)
    left = [para([run(issuer[0], size=13)], align='center'),
            para([run(issuer[1], b=True, size=13)], align='center'),
            para([run(issuer[2], b=True, size=13)], align='center'),
            para([run('*', size=13)], align='center'),
            para([run(number, size=13)], align='center', before=2),
            para([run(' '.join(title_lines), i=True, size=12)], align='center', before=4)]
    right = [para([run(heading, b=True, u=True, size=15)], align='center'),
             para([run(date_line, i=True, size=14)], align='center', before=22)]
    p.append(table([[left, right]], [left_w, right_w]))
    p.append(para([run('')], before=6))

    # Kính gửi: the label hangs to the left of the first recipient.
    kg_left, kg_hang = mm(62), mm(24)
    for k, r in enumerate(recipients):
        if k == 0:
            p.append(para([run('Kính gửi:\t' + r, size=14)], left=kg_left, hanging=kg_hang,
                          tabs=[('left', kg_left)], before=6))
        else:
            p.append(para([run(r, size=14)], left=kg_left))
    p.append(para([run('')]))

    def body(text_runs):
        return para(text_runs, align='both', first=mm(12.7), before=6, line=1.05)

    p.append(body([run(body_open, size=14)]))
    for t in items:
        p.append(body([run(t, size=14)]))
    head_before, head_after = item3_head.split('⁽¹⁾', 1)
    p.append(body([run(head_before, size=14), footnote_ref(1),
                   run(head_after + ' ' + item3_tail, size=14)]))
    for t in more:
        p.append(body([run(t, size=14)]))
    p.append(para([run('')]))

    # Nơi nhận (12 pt, label underlined, HD 36) beside the signature block.
    nn = [para([run('Nơi nhận:', u=True, size=12)])]
    nn += [para([run(x, size=12)]) for x in noi_nhan]
    sig = [para([run(authority[0], b=True, size=14)], align='center'),
           para([run(authority[1], b=True, size=14)], align='center')]
    sig += [para([run('')]) for _ in range(4)]
    sig.append(para([run(signer, b=True, size=14)], align='center'))
    p.append(table([[nn, sig]], [mm(85), mm(80)]))
    p.append(sect_a4())

    note_xml = para([footnote_mark(),
                     run(' ' + note.split(' ', 1)[1], size=10)], style='FootnoteText',
                    align='both')
    title = ' '.join(title_lines)
    write_docx(path, ''.join(p), styles_xml(FONT, 14), title=title,
               created='2022-04-25T00:00:00Z', fonts=[FONT], footnotes=[(1, note_xml)],
               subject=number)
