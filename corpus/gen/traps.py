"""traps.py — small documents for the Vietnamese search-relevance tests
(tests/data/vn/).  Each one isolates one trap: tone placement, decomposed
Unicode, legacy TCVN3/VNI runs in DOCX, a TCVN3 run beside a Unicode run, and
look-alike syllables that fold to the same ASCII (ba/bà, đảng/dang).  The texts
are written for these tests; names and places in them are made up.

Before writing, every file is checked for the property it exists to have (no
"bà" in ba.txt, only second-vowel placement in oldtone.txt, round-trip of the
legacy encodings...), so a careless edit of a text fails the build.
"""

import os
import re
import unicodedata

import legacy
from ooxml import para, run, fonts_xml, sect_a4, styles_xml, write_docx

OLDTONE = """\
THÔNG BÁO
Kết luận của Chủ tịch Uỷ ban nhân dân xã tại buổi làm việc về công tác hoà giải ở cơ sở và thuỷ lợi nội đồng

Chủ tịch Uỷ ban nhân dân xã chủ trì buổi làm việc với các tổ hoà giải, Hợp tác xã dịch vụ nông nghiệp và trạm thuỷ nông. Sau khi nghe báo cáo, Chủ tịch Uỷ ban nhân dân xã kết luận như sau:
1. Các tổ hoà giải ở thôn kiện toàn nhân sự, bồi dưỡng kỹ năng hoà giải, giải quyết dứt điểm các vụ tranh chấp đất đai, không để kéo dài quá thời hạn.
2. Hợp tác xã nạo vét kênh mương, tu sửa cống thuỷ lợi trước vụ hè thu; phối hợp với trạm thuỷ nông bảo đảm nước tưới cho toàn bộ diện tích lúa.
3. Trạm Y tế xã tổ chức khám sức khoẻ định kỳ cho người cao tuổi, tuyên truyền phòng bệnh mùa hè, giữ gìn sức khoẻ cho nhân dân.
4. Văn phòng Uỷ ban đẩy mạnh số hoá hồ sơ một cửa, chuyển hoá dữ liệu hộ tịch sang phần mềm mới, khoá sổ dữ liệu cũ trước quý III.
5. Đề nghị Đảng uỷ xã chỉ đạo các chi bộ quán triệt kết luận này; các ban, ngành báo cáo kết quả về Uỷ ban trước ngày 30 tháng 6.
Văn phòng Uỷ ban nhân dân xã thông báo để các đơn vị biết, thực hiện.
"""

NEWTONE = """\
BÁO CÁO
Kết quả phong trào văn hóa, thể thao và bảo vệ môi trường ở khu dân cư

Thực hiện kế hoạch của Ủy ban Mặt trận Tổ quốc xã, Ban Công tác Mặt trận khu dân cư báo cáo kết quả sáu tháng đầu năm như sau:
1. Phong trào rèn luyện thân thể được duy trì thường xuyên; câu lạc bộ dưỡng sinh thu hút đông đảo hội viên, giúp người cao tuổi luôn khỏe mạnh.
2. Đời sống văn hóa ở khu dân cư có nhiều chuyển biến; các gia đình sống hòa thuận, tương trợ lẫn nhau; tỷ lệ gia đình văn hóa tăng so với năm trước.
3. Khu dân cư ra quân làm sạch bờ hồ chứa nước, thu gom rác thải dọc bờ sông, bảo vệ nguồn thủy sản tự nhiên.
4. Chi ủy chi bộ lãnh đạo việc hỗ trợ người khuyết tật hòa nhập cộng đồng, giúp hộ nghèo có sinh kế ổn định.
5. Tồn tại: một số hộ chưa tích cực tham gia; việc cơ giới hóa thu gom rác còn chậm, chưa đáp ứng yêu cầu.
Ban Công tác Mặt trận đề nghị Ủy ban Mặt trận Tổ quốc xã tiếp tục hỗ trợ kinh phí để phong trào phát triển bền vững.
"""

NFD = """\
KẾ HOẠCH
Triển khai chuyển đổi số trong các cơ quan Đảng của huyện

Thực hiện nghị quyết của Ban Chấp hành Đảng bộ huyện về chuyển đổi số, Ban Thường vụ Huyện ủy ban hành kế hoạch triển khai như sau:
1. Mục tiêu: đến cuối năm, toàn bộ văn bản đi, đến của các cơ quan Đảng được quản lý trên phần mềm; hồ sơ lưu trữ được số hóa theo lộ trình.
2. Văn phòng Huyện ủy chủ trì xây dựng cơ sở dữ liệu văn kiện, nghị quyết; bảo đảm an toàn, an ninh mạng và bảo vệ bí mật nhà nước.
3. Các chi bộ, đảng bộ cơ sở sử dụng sổ tay đảng viên điện tử, gửi báo cáo định kỳ qua hệ thống thông tin nội bộ.
4. Đội ngũ cán bộ làm công tác văn phòng cấp ủy được tập huấn kỹ năng khai thác phần mềm, chữ ký số và bảo mật thông tin.
5. Kinh phí thực hiện bố trí từ dự toán hằng năm của Văn phòng Huyện ủy.
Các cơ quan, đơn vị xây dựng kế hoạch cụ thể, báo cáo kết quả về Văn phòng Huyện ủy trước ngày 15 tháng 12.
"""

BA = """\
THÔNG BÁO
Kết quả Hội nghị cán bộ, công chức, viên chức năm của Trung tâm

Hội nghị cán bộ, công chức, viên chức của Trung tâm diễn ra trong ba ngày, gồm ba phiên: phiên trù bị, phiên thảo luận tổ và phiên toàn thể.
Hội nghị thống nhất ba nhiệm vụ trọng tâm của năm tới: thứ nhất, cải cách thủ tục hành chính; thứ hai, nâng cao chất lượng phục vụ người dân; thứ ba, thực hành tiết kiệm, chống lãng phí.
Ba tổ thảo luận đã góp ý vào dự thảo quy chế chi tiêu nội bộ; ba kiến nghị được chuyển đến Ban Giám đốc để giải quyết trong quý III.
Trung tâm đã ba năm liên tục hoàn thành tốt nhiệm vụ; ba tập thể và mười ba cá nhân được đề nghị khen thưởng.
Hội nghị cũng thông qua ba chỉ tiêu thi đua và giao các phòng chuyên môn xây dựng kế hoạch thực hiện trong ba tháng đầu năm.
"""

BA_DAU = """\
BÁO CÁO
Kết quả thăm hỏi, tặng quà gia đình chính sách nhân dịp kỷ niệm Ngày Thương binh - Liệt sĩ

Thực hiện kế hoạch của Ủy ban nhân dân xã, đoàn công tác đã đến thăm hỏi, tặng quà các Bà mẹ Việt Nam Anh hùng và gia đình chính sách trên địa bàn.
Đoàn đã thăm bà Nguyễn Thị Hạnh, Bà mẹ Việt Nam Anh hùng ở thôn Trung; bà năm nay đã ngoài chín mươi tuổi, được con cháu chăm sóc chu đáo.
Tại thôn Đông, đoàn thăm bà Lê Thị Xuân, vợ liệt sĩ; bà xúc động cảm ơn sự quan tâm của cấp ủy, chính quyền và bà con lối xóm.
Các chi hội phụ nữ phân công hội viên thường xuyên thăm nom, giúp đỡ các bà trong sinh hoạt hằng ngày; vận động bà con góp công sửa nhà cho gia đình chính sách.
Đề nghị các thôn tiếp tục quan tâm chăm lo đời sống các bà mẹ, không để gia đình chính sách nào gặp khó khăn mà không được hỗ trợ kịp thời.
"""

DANG = """\
THÔNG BÁO
Kết luận của Ban Thường vụ Đảng ủy về công tác xây dựng Đảng sáu tháng đầu năm

Ban Thường vụ Đảng ủy đánh giá: các tổ chức cơ sở đảng duy trì nền nếp sinh hoạt; chất lượng sinh hoạt chi bộ từng bước được nâng lên; công tác phát triển đảng viên đạt kế hoạch.
Đảng ủy yêu cầu các chi bộ tiếp tục học tập, quán triệt nghị quyết của Đảng; mỗi đảng viên xây dựng kế hoạch tu dưỡng, rèn luyện và giữ gìn tư cách người đảng viên.
Các đảng bộ bộ phận rà soát hồ sơ đảng viên, hoàn thành việc thu đảng phí đúng quy định; kịp thời biểu dương tổ chức đảng và đảng viên tiêu biểu.
Ủy ban Kiểm tra Đảng ủy tăng cường kiểm tra, giám sát việc chấp hành Điều lệ Đảng, nghị quyết, chỉ thị của Đảng.
Văn phòng Đảng ủy theo dõi, tổng hợp kết quả, báo cáo Ban Thường vụ Đảng ủy tại hội nghị tháng 7.
"""

DANG_DO = """\
BÁO CÁO
Tiến độ các công trình xây dựng cơ bản trên địa bàn xã

Qua rà soát, trên địa bàn xã còn bốn công trình dang dở do thiếu vốn và vướng mặt bằng, gồm: nhà văn hóa thôn Trung, tuyến kênh nội đồng, cầu qua suối và sân thể thao trung tâm.
Tuyến kênh nội đồng bỏ dang dở từ năm trước, ảnh hưởng đến việc tưới tiêu của nhiều hộ; nhà thầu cam kết thi công trở lại trong quý III.
Nhiều hộ dân đã dang tay hỗ trợ, tự nguyện hiến đất để mở rộng mặt bằng cầu qua suối.
Ủy ban nhân dân xã đề nghị huyện bố trí vốn để hoàn thành các hạng mục dang dở, không để công trình xuống cấp, gây lãng phí.
"""

# The TCVN3 and VNI fixtures: (kind, text) paragraphs.  kind "caps" is typed
# in the caps font with lower-case codes, "capslock" in the caps font with
# Caps Lock on, "body" in the body font (inherited from the document
# defaults, no w:rFonts on the run), "italic" likewise in italics.
TCVN3_PARAS = [
    ('caps', 'CHI BỘ THÔN ĐÔNG'),
    ('capslock', 'THÔNG BÁO KẾT LUẬN CỦA CHI BỘ'),
    ('italic', 'Về việc học tập, quán triệt nghị quyết và thực hiện nhiệm vụ quý III'),
    ('body', 'Ngày 05 tháng 7, Chi bộ thôn Đông tổ chức hội nghị thường kỳ để đánh giá kết quả '
             'thực hiện nghị quyết quý II và đề ra nhiệm vụ quý III. Sau khi thảo luận, Chi bộ '
             'thống nhất kết luận như sau:'),
    ('body', '1. Các đảng viên tiếp tục học tập, quán triệt nghị quyết của cấp trên; mỗi đồng chí '
             'viết bài thu hoạch, liên hệ với nhiệm vụ được giao.'),
    ('body', '2. Đồng chí Trưởng thôn phối hợp với các đoàn thể vận động nhân dân tham gia phong '
             'trào “Dân vận khéo”, làm đường giao thông nông thôn, giữ gìn vệ sinh môi trường.'),
    ('body', '3. Đề nghị Ủy ban nhân dân xã hỗ trợ kinh phí sửa chữa nhà văn hóa thôn trước mùa '
             'mưa bão; Ấp Bắc và thôn Đông cùng đóng góp ngày công.'),
    ('body', '4. Giao đồng chí Phó Bí thư chi bộ theo dõi, đôn đốc việc thực hiện, báo cáo kết quả '
             'tại kỳ sinh hoạt tháng 10.'),
    ('capslock', 'T/M CHI BỘ'),
    ('capslock', 'BÍ THƯ'),
    ('body', 'Trần Văn Phước'),
]

VNI_PARAS = [
    ('plain', 'ỦY BAN NHÂN DÂN XÃ PHÚ AN'),
    ('plain', 'Số: 15/TB-UBND'),
    ('bold', 'THÔNG BÁO'),
    ('bold', 'Lịch tiếp công dân định kỳ của Chủ tịch Ủy ban nhân dân xã'),
    ('plain', 'Căn cứ Luật Tiếp công dân; để việc tiếp công dân được thực hiện nền nếp, Ủy ban '
              'nhân dân xã thông báo lịch tiếp công dân định kỳ như sau:'),
    ('split', '1. Chủ tịch Ủy ban nhân dân xã tiếp công dân vào ngày 15 hằng tháng tại Trụ sở '
              'tiếp công dân; nếu trùng ngày nghỉ thì chuyển sang ngày làm việc kế tiếp.'),
    ('plain', '2. Công dân đến trình bày khiếu nại, tố cáo, kiến nghị, phản ánh phải xuất trình '
              'giấy tờ tùy thân; trường hợp ủy quyền phải có giấy ủy quyền hợp lệ.'),
    ('plain', '3. Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã chuẩn bị địa điểm, ghi sổ theo '
              'dõi và tổng hợp kết quả, báo cáo Chủ tịch Ủy ban nhân dân xã sau mỗi buổi tiếp.'),
    ('bold', 'CHỦ TỊCH'),
    ('bold', 'Võ Thị Ngọc Hương'),
]

MIXED_PARAS = [
    ('unicode', 'Thông báo về việc nộp báo cáo sơ kết sáu tháng'),
    ('mixed', [('tcvn3', 'Đồng chí Trưởng ban đề nghị các chi bộ gửi báo cáo sơ kết về Văn phòng '
                         'trước ngày 15 tháng 7; mọi thắc mắc xin liên hệ đồng chí '),
               ('unicode', 'Lê Minh Tú, Phó Chánh Văn phòng'),
               ('tcvn3', ', để được hướng dẫn.')]),
    ('tcvn3', 'Các chi bộ chủ động thực hiện, bảo đảm đúng thời gian quy định.'),
]

BA_FOLDS = {'ba', 'bà', 'bá', 'bả', 'bã', 'bạ'}
DANG_FOLDS = {'dang', 'dáng', 'dàng', 'dạng', 'dảng', 'dãng', 'đang', 'đáng', 'đàng', 'đạng',
              'đảng', 'đãng', 'đăng', 'đằng', 'đắng', 'đẳng', 'đặng', 'đẵng'}


def _words(text):
    return [w.lower() for w in re.findall(r'\w+', text)]


def _placement_words(text):
    """Syllables ending in oa/oe/uy with a tone mark: the ones whose tone
    position differs between the two conventions."""
    out = []
    for w in _words(text):
        d = unicodedata.normalize('NFD', w)
        base = ''.join(c for c in d if not unicodedata.combining(c))
        if base.endswith(('oa', 'oe', 'uy')) and not base.startswith(('qu',)) \
                and any(unicodedata.combining(c) for c in d):
            out.append(w)
    return out


def _check():
    old = _placement_words(OLDTONE)
    new = _placement_words(NEWTONE)
    # second-vowel placement: the mark sits on the last letter
    assert old and all(unicodedata.normalize('NFD', w[-1]) != w[-1] for w in old), old
    assert new and all(unicodedata.normalize('NFD', w[-1]) == w[-1] for w in new), new
    for w in ('hoà', 'uỷ', 'thuỷ', 'khoẻ', 'quá', 'hoá'):
        assert w in _words(OLDTONE), w
    for w in ('hòa', 'ủy', 'thủy', 'khỏe', 'hóa'):
        assert w in _words(NEWTONE), w
    ba = _words(BA)
    assert ba.count('ba') >= 8 and not (set(ba) & (BA_FOLDS - {'ba'})), 'ba.txt'
    bd = _words(BA_DAU)
    assert bd.count('bà') >= 8 and not (set(bd) & (BA_FOLDS - {'bà'})), 'ba-grandmother.txt'
    dg = _words(DANG)
    assert dg.count('đảng') >= 8 and not (set(dg) & (DANG_FOLDS - {'đảng'})), 'dang.txt'
    dd = _words(DANG_DO)
    assert dd.count('dang') >= 4 and not (set(dd) & (DANG_FOLDS - {'dang'})), 'dang-do.txt'


def _write(path, text):
    with open(path, 'w', encoding='utf-8', newline='\n') as f:
        f.write(text)


def _tcvn3_runs(text, italic=False, bold=False, size=13):
    """Body text in the inherited .VnTime font; a toned capital drops into a
    one-letter .VnTimeH run, as typists had to do."""
    out = []
    for font, s in legacy.tcvn3_segments(text):
        if font == '.VnTime':
            out.append(run(s, i=italic, b=bold, size=size))
        else:
            out.append(run(s, i=italic, b=bold, size=size, font_xml=fonts_xml(font)))
    return out


def _tcvn3_docx(path, expected_path):
    extra = ('<w:style w:type="paragraph" w:customStyle="1" w:styleId="TieuDeVn">'
             '<w:name w:val="Tieu de Vn"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/>'
             f'</w:pPr><w:rPr>{fonts_xml(".VnTimeH")}<w:b/></w:rPr></w:style>')
    body, expected = [], []
    for kind, text in TCVN3_PARAS:
        if kind == 'caps':
            body.append(para([run(legacy.tcvn3_caps(text, 'lower'), size=13)], style='TieuDeVn'))
            assert legacy.tcvn3_decode(legacy.tcvn3_caps(text, 'lower'), caps=True) == text
        elif kind == 'capslock':
            s = legacy.tcvn3_caps(text, 'capslock')
            assert legacy.tcvn3_decode(s, caps=True) == text
            body.append(para([run(s, size=14, b=True, font_xml=fonts_xml('.VnTimeH'))],
                             align='center', before=6))
        else:
            runs = _tcvn3_runs(text, italic=(kind == 'italic'), size=14)
            assert ''.join(legacy.tcvn3_decode(s, caps=(f == '.VnTimeH'))
                           for f, s in legacy.tcvn3_segments(text)) == text
            body.append(para(runs, align='both' if kind == 'body' else 'center', before=6))
        expected.append(text)
    body.append(sect_a4())
    # The document default font is .VnTime: runs without w:rFonts inherit it.
    write_docx(path, ''.join(body), styles_xml('.VnTime', 14, extra), title='', created=None,
               fonts=['.VnTime', '.VnTimeH', 'Times New Roman'], creator='')
    _write(expected_path, '\n'.join(expected) + '\n')


def _vni_docx(path, expected_path):
    body, expected = [], []
    font = fonts_xml('VNI-Times')
    for kind, text in VNI_PARAS:
        s = legacy.vni_encode(text)
        assert legacy.vni_decode(s) == text, (text, legacy.vni_decode(s))
        if kind == 'split':
            # Word splits runs anywhere (spell-check, revision ids): here between
            # the base letter of "tiếp" and its mark byte, so a decoder working
            # run by run sees a lone "tie" and a run starting with "á".
            k = s.index('tieáp') + 3
            runs = [run(s[:k], font_xml=font, size=14), run(s[k:], font_xml=font, size=14)]
        else:
            runs = [run(s, font_xml=font, size=14, b=(kind == 'bold'))]
        body.append(para(runs, align='both' if kind in ('plain', 'split') and len(text) > 60
                         else 'center', before=6))
        expected.append(text)
    body.append(sect_a4())
    write_docx(path, ''.join(body), styles_xml('Times New Roman', 14), title='', created=None,
               fonts=['VNI-Times', 'Times New Roman'], creator='')
    _write(expected_path, '\n'.join(expected) + '\n')


def _mixed_docx(path, expected_path):
    body, expected = [], []
    uni = fonts_xml('Times New Roman')
    for kind, content in MIXED_PARAS:
        parts = content if kind == 'mixed' else [(kind, content)]
        runs = []
        for enc, text in parts:
            if enc == 'unicode':
                runs.append(run(text, size=14, font_xml=uni))
            else:
                runs += _tcvn3_runs(text, size=14)
        body.append(para(runs, align='both', before=6))
        expected.append(''.join(t for _, t in parts))
    body.append(sect_a4())
    write_docx(path, ''.join(body), styles_xml('.VnTime', 14), title='', created=None,
               fonts=['.VnTime', '.VnTimeH', 'Times New Roman'], creator='')
    _write(expected_path, '\n'.join(expected) + '\n')


def build(outdir):
    _check()
    _write(os.path.join(outdir, 'oldtone.txt'), OLDTONE)
    _write(os.path.join(outdir, 'newtone.txt'), NEWTONE)
    nfd = unicodedata.normalize('NFD', NFD)
    raw = nfd.encode('utf-8')
    # Byte check: combining marks present (CC 80..CD 8F), no precomposed
    # letter of the Latin Extended Additional block (E1 BA/BB xx) left.
    assert re.search(rb'\xcc[\x80-\xbf]|\xcd[\x80-\x8f]', raw) and b'\xe1\xba' not in raw \
        and b'\xe1\xbb' not in raw
    assert unicodedata.normalize('NFC', nfd) == NFD and nfd != NFD
    _write(os.path.join(outdir, 'nfd.txt'), nfd)
    _write(os.path.join(outdir, 'ba.txt'), BA)
    _write(os.path.join(outdir, 'ba-grandmother.txt'), BA_DAU)
    _write(os.path.join(outdir, 'dang.txt'), DANG)
    _write(os.path.join(outdir, 'dang-do.txt'), DANG_DO)
    _tcvn3_docx(os.path.join(outdir, 'tcvn3.docx'), os.path.join(outdir, 'tcvn3.expected.txt'))
    _vni_docx(os.path.join(outdir, 'vni.docx'), os.path.join(outdir, 'vni.expected.txt'))
    _mixed_docx(os.path.join(outdir, 'mixed.docx'), os.path.join(outdir, 'mixed.expected.txt'))
