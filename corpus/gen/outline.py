"""outline.py — a lecture outline ("đề cương tuyên truyền") of the kind a
báo cáo viên assembles: passages of the four articles and of the letter that
cite a directive or resolution, grouped under the document they cite.  The
passages are quoted word for word with their source; the headings only name
what the passages cite.  The document says on its first page that it is a
sample compiled by thuvien, not an issued document, and it carries no number.
"""

from ooxml import para, run, sect_a4, styles_xml, write_docx, mm
from seeds import blocks, expect

FONT = 'Times New Roman'


def _find(seed, needle):
    for bl in blocks(seed):
        for line in bl:
            if needle in line:
                return line
    raise SystemExit(f'seed {seed}: no paragraph contains {needle!r}')


def build(path, titles):
    """titles: seed id -> article title (for the source lines)."""
    b004 = blocks('004')
    author004 = b004[13][0]
    b003 = blocks('003')
    author003 = b003[15][0]
    b001 = blocks('001')
    author001 = b001[13][0]
    b000 = blocks('000')
    expect(b000[3][0].startswith('Số 598'), 'letter number')

    sections = [
        ('I. Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh '
         '(Chỉ thị 03-CT/TW, Chỉ thị 05-CT/TW)',
         [_find('004', 'theo tinh thần Chỉ thị 03-CT/TW'),
          _find('004', 'quán triệt Chỉ thị 05-CT/TW')],
         f'Trích bài “{titles["004"]}”, {author004}.'),
        ('II. Gắn với Nghị quyết Trung ương 4 khóa XII về xây dựng, chỉnh đốn Đảng',
         [_find('004', 'Nghị quyết Trung ương 4 khóa XII về “Tăng cường'),
          _find('004', 'gắn với thực hiện Nghị quyết Trung ương 4 khóa XII về xây dựng Đảng')],
         f'Trích bài “{titles["004"]}”, {author004}.'),
        ('III. Bảo vệ nền tảng tư tưởng của Đảng (Nghị quyết số 35-NQ/TW)',
         [_find('003', 'Nghị quyết số 35-NQ/TW'), _find('003', 'Kế hoạch số 195-KH/ĐU')],
         f'Trích bài “{titles["003"]}”, {author003}.'),
        ('IV. Học tập Nghị quyết Trung ương 6 khóa XII',
         [_find('002', 'Qua học tập trực tuyến về Nghị quyết T.Ư 6'),
          _find('002', 'Khi cán bộ, đảng viên và nhân dân đều nắm rõ')],
         f'Trích bài “{titles["002"]}” (theo Nhân dân).'),
        ('V. Học tập, quán triệt các nghị quyết, chỉ thị, kết luận khóa XIII',
         [_find('001', 'Thứ nhất,'), _find('001', 'Thứ bảy,')],
         f'Trích bài “{titles["001"]}”, {author001}.'),
        ('VI. Trách nhiệm của cán bộ, đảng viên trong học tập nghị quyết '
         '(Công văn số 598-CV/ĐUK)',
         [b000[8][0]],
         'Trích Công văn số 598-CV/ĐUK ngày 25/4/2022 của Ban Thường vụ Đảng ủy Khối '
         'Cơ quan - Doanh nghiệp tỉnh Bến Tre.'),
    ]

    p = [para([run('ĐỀ CƯƠNG TUYÊN TRUYỀN', b=True, size=15)], align='center'),
         para([run('Học tập, quán triệt và làm theo các chỉ thị, nghị quyết của Đảng',
                   b=True, size=14)], align='center', before=4),
         para([run('(Tài liệu mẫu do thư viện thuvien ghép từ các đoạn trích nguyên văn '
                   'của các bài viết và công văn trong thư viện mẫu; không phải văn bản '
                   'do cơ quan nào ban hành)', i=True, size=12)], align='center', before=4),
         para([run('-----', size=14)], align='center', before=4, after=6)]
    for head, passages, source in sections:
        p.append(para([run(head, size=14)], style='Heading1', align='both'))
        for t in passages:
            p.append(para([run(t, size=14)], align='both', first=mm(12.7), before=6, line=1.1))
        p.append(para([run(source, i=True, size=12)], align='right', before=3))
    p.append(sect_a4())
    write_docx(path, ''.join(p), styles_xml(FONT, 14), title='Đề cương tuyên truyền (tài liệu mẫu)',
               created=None, fonts=[FONT],
               subject='Tài liệu mẫu ghép từ các bài viết trong thư viện mẫu')
