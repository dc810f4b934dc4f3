#!/bin/sh
# make-broken.sh — regenerate the extraction fixtures: hostile/broken files in
# broken/ and small hand-written documents in extract/.  Every file is built
# from the text in this script with zip, printf, head and iconv, so a reader can
# see exactly what each fixture holds.  Run from anywhere: sh make-broken.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
B="$here/broken"
X="$here/extract"
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
rm -rf "$B" "$X"
mkdir -p "$B" "$X"

NS='xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"'

# pkg DIR OUT: zip the parts in DIR (a DOCX is a zip of XML parts)
pkg() { (cd "$1" && rm -f "$2" && zip -q -X -r "$2" .); }

skeleton() { # skeleton DIR: the parts every package has
	mkdir -p "$1/word" "$1/_rels"
	cat >"$1/[Content_Types].xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
EOF
	cat >"$1/_rels/.rels" <<'EOF'
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
EOF
}

# ---- extract/header.docx: a Party header table, title, text box, footnote,
# duplicate page headers, a style-bold heading
D="$W/header"; skeleton "$D"
cat >"$D/word/styles.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles $NS><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>
</w:styles>
EOF
cat >"$D/word/document.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document $NS><w:body>
<w:tbl><w:tblPr/><w:tr>
<w:tc><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>BAN CHẤP HÀNH TRUNG ƯƠNG</w:t></w:r></w:p><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t>*</w:t></w:r></w:p><w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">Số </w:t></w:r><w:r><w:t>05-CT/TW</w:t></w:r></w:p></w:tc>
<w:tc><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:b/><w:u w:val="single"/></w:rPr><w:t>ĐẢNG CỘNG SẢN VIỆT NAM</w:t></w:r></w:p><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:i/></w:rPr><w:t>Hà Nội, ngày 15 tháng 5 năm 2016</w:t></w:r></w:p></w:tc>
</w:tr></w:tbl>
<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>CHỈ THỊ</w:t></w:r></w:p>
<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:caps/><w:b/></w:rPr><w:t>về đẩy mạnh học tập</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Các cấp ủy</w:t></w:r><w:r><w:tab/><w:t>thực hiện</w:t></w:r><w:r><w:br/><w:t>dòng hai</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve"> </w:t></w:r><w:del><w:r><w:delText>XOÁ</w:delText></w:r></w:del><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx><w:txbxContent><w:p><w:r><w:t>Nơi nhận trong hộp</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Nơi nhận trong hộp</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Đoạn có hộp</w:t></w:r></w:p>
<w:p><w:r><w:lastRenderedPageBreak/><w:t>Trang hai</w:t></w:r></w:p>
<w:sectPr/></w:body></w:document>
EOF
cat >"$D/word/footnotes.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes $NS><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:t>---</w:t></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>Ghi chú một</w:t></w:r></w:p></w:footnote></w:footnotes>
EOF
for h in header1 header2; do
	printf '<?xml version="1.0" encoding="UTF-8"?>\n<w:hdr %s><w:p><w:r><w:t>CÔNG BÁO</w:t></w:r></w:p></w:hdr>\n' "$NS" >"$D/word/$h.xml"
done
printf '<?xml version="1.0" encoding="UTF-8"?>\n<w:ftr %s><w:p><w:r><w:t>Trang cuối</w:t></w:r></w:p></w:ftr>\n' "$NS" >"$D/word/footer1.xml"
pkg "$D" "$X/header.docx"

# ---- extract/legacy.docx: TCVN3 and Unicode runs in one paragraph, a TCVN3
# caps (H) font, a legacy font inherited from a paragraph style, Unicode text
# left under a legacy font name, and a legacy letter inserted as w:sym
D="$W/legacy"; skeleton "$D"
cat >"$D/word/styles.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles $NS><w:style w:type="paragraph" w:styleId="VnBody"><w:name w:val="Vn Body"/><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr></w:style></w:styles>
EOF
cat >"$D/word/document.xml" <<EOF
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document $NS><w:body>
<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t xml:space="preserve">nghÞ quyÕt </w:t></w:r><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr><w:t>Nghị quyết µ</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTimeH" w:hAnsi=".VnTimeH"/></w:rPr><w:t>bé tµi chÝnh</w:t></w:r></w:p>
<w:p><w:pPr><w:pStyle w:val="VnBody"/></w:pPr><w:r><w:t>c¸n bé</w:t></w:r><w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/></w:rPr><w:t xml:space="preserve"> Việt Nam</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:rFonts w:ascii=".VnTime" w:hAnsi=".VnTime"/></w:rPr><w:t>Điền liên kết dự án</w:t></w:r></w:p>
<w:p><w:r><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/></w:rPr><w:t>c</w:t><w:sym w:font=".VnTime" w:char="F0B8"/><w:t>c</w:t></w:r></w:p>
</w:body></w:document>
EOF
pkg "$D" "$X/legacy.docx"

# ---- extract/news.html: an article among navigation and related news
cat >"$X/news.html" <<'EOF'
<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8">
<title>Học tập Nghị quyết Trung ương 4 - Báo Điện tử Đảng</title>
<meta property="og:title" content="Học tập Nghị quyết Trung ương 4 - Báo Điện tử Đảng">
<meta property="article:published_time" content="2016-11-03T08:15:00+07:00">
<style>p { color: red }</style><script>var menu = "Trang chủ";</script></head>
<body class="menu-open">
<header><div class="logo">Báo Điện tử Đảng</div></header>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/xd">Xây dựng Đảng</a></li></ul></nav>
<div class="breadcrumb"><a href="/">Trang chủ</a> » Xây dựng Đảng</div>
<div class="main">
<h1>Học tập Nghị quyết Trung ương 4</h1>
<div class="post-date">Thứ năm, 03/11/2016 08:15</div>
<div class="detail">
<p><strong>Sáng 3/11, Thành ủy tổ chức hội nghị học tập, quán triệt Nghị quyết Trung ương 4 khóa XII.</strong></p>
<p>Hội nghị được tổ chức theo hình thức trực tuyến đến các điểm cầu cơ sở, với sự tham dự của cán bộ chủ chốt.</p>
<h2>Những nội dung cơ bản</h2>
<p>Báo cáo viên đã trình bày những nội dung cơ bản của Nghị quyết về tăng cường xây dựng, chỉnh đốn Đảng.</p>
<p style="text-align: right"><em>Phóng viên</em></p>
<div class="share"><a>Chia sẻ Facebook</a></div>
<h3>Các tin khác</h3>
<ul><li><a href="/a">Tin khác số một về hội nghị</a></li><li><a href="/b">Tin khác số hai</a></li></ul>
</div></div>
<div class="box"><div class="title"><span>Tin liên quan</span></div><ul><li>Bài liên quan A</li></ul></div>
<aside>Quảng cáo bên lề</aside>
<footer>Bản quyền thuộc Báo Điện tử Đảng</footer>
<!-- Tin liên quan comment -->
</body></html>
EOF

# ---- extract/cp1258.html: a page declared windows-1258 (tones as combining bytes)
printf '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"><title>Thông báo</title></head><body><p>Hà Nội, ngày 15 tháng 5 năm 2016. Nghị quyết của Đảng về công tác cán bộ.</p></body></html>\n' |
	iconv -f UTF-8 -t CP1258 >"$X/cp1258.html"

# ---- text files
printf '\357\273\277Dòng một\r\nDòng hai\r\n\r\n\r\nĐoạn hai\n' >"$X/utf8bom.txt"
printf 'Nghị quyết số 05\nvề Đảng\n' | iconv -f UTF-8 -t UTF-16 >"$X/utf16.txt"
# TCVN3 bytes: "nghÞ quyÕt cña §¶ng vµ c¸n bé" = nghị quyết của Đảng và cán bộ
printf 'ngh\336 quy\325t c\361a \247\266ng v\265 c\270n b\351\n' >"$X/tcvn3.txt"
printf 'Hà Nội, ngày 15 tháng 5 năm 2016. Nghị quyết của Đảng về công tác cán bộ.\n' |
	iconv -f UTF-8 -t CP1258 >"$X/cp1258.txt"
printf 'Trang một\fTrang hai\n' >"$X/pages.txt"

# ---- broken/: hostile and damaged files
printf 'this is plain text, not a zip\n' >"$B/notzip.docx"
# Latin-1 German: not UTF-8, not TCVN3/VNI, not Vietnamese in Windows-1258
printf 'Gr\366\337e \374ber die Stra\337e und das M\344dchen\n' >"$B/invalid.txt"
cp "$X/header.docx" "$B/mislabelled.pdf"
head -c "$(($(wc -c <"$X/header.docx") / 2))" "$X/header.docx" >"$B/truncated.docx"

D="$W/nodoc"; skeleton "$D"
printf '<?xml version="1.0"?><w:styles %s/>\n' "$NS" >"$D/word/styles.xml"
pkg "$D" "$B/nodocxml.docx"

D="$W/xxe"; skeleton "$D"
cat >"$D/word/document.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document $NS><w:body><w:p><w:r><w:t>before &xxe; after</w:t></w:r></w:p></w:body></w:document>
EOF
pkg "$D" "$B/xxe.docx"

D="$W/lol"; skeleton "$D"
{
	printf '<?xml version="1.0"?>\n<!DOCTYPE w:document [\n<!ENTITY lol "lol">\n'
	prev=lol
	for i in 1 2 3 4 5 6 7 8 9; do
		printf '<!ENTITY lol%s "&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;&%s;">\n' $i $prev $prev $prev $prev $prev $prev $prev $prev $prev $prev
		prev=lol$i
	done
	printf ']>\n<w:document %s><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>\n' "$NS"
} >"$D/word/document.xml"
pkg "$D" "$B/lol.docx"

# 2 MB of text that deflates to a few KB: over a 1 MB cap, under the default
D="$W/bomb"; skeleton "$D"
{
	printf '<?xml version="1.0"?>\n<w:document %s><w:body><w:p><w:r><w:t>' "$NS"
	head -c 2097152 /dev/zero | tr '\0' 'a'
	printf '</w:t></w:r></w:p></w:body></w:document>\n'
} >"$D/word/document.xml"
pkg "$D" "$B/bomb.docx"

D="$W/empty"; skeleton "$D"
printf '<?xml version="1.0"?>\n<w:document %s><w:body><w:p/><w:p><w:r><w:t xml:space="preserve">   </w:t></w:r></w:p></w:body></w:document>\n' "$NS" >"$D/word/document.xml"
pkg "$D" "$B/empty.docx"

# a zip whose members are password-encrypted (ZipCrypto)
(cd "$W/header" && rm -f "$B/zipcrypto.docx" && zip -q -X -r -P secret "$B/zipcrypto.docx" .)

# Office 2007+ encryption: an OLE2 compound file whose directory names the
# EncryptionInfo and EncryptedPackage streams.  Only the parts a sniffer looks
# at are real: the OLE2 signature and the UTF-16LE stream names.
{
	printf '\320\317\021\340\241\261\032\341'
	head -c 504 /dev/zero
	printf 'E\0n\0c\0r\0y\0p\0t\0i\0o\0n\0I\0n\0f\0o\0'
	head -c 36 /dev/zero
	printf 'E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0'
	head -c 440 /dev/zero
} >"$B/encrypted.docx"

# A one-page PDF with a text layer, cut in half (through its content stream)
cat >"$W/min.pdf" <<'EOF'
%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj
4 0 obj << /Length 88 >> stream
BT /F1 14 Tf 72 760 Td (Cong van so 12 ve viec hoc tap nghi quyet Trung uong) Tj ET
endstream endobj
5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj
trailer << /Root 1 0 R /Size 6 >>
%%EOF
EOF
cp "$W/min.pdf" "$X/min.pdf"
head -c "$(($(wc -c <"$W/min.pdf") / 2))" "$W/min.pdf" >"$B/truncated.pdf"
printf 'just words\n' >"$B/words.pdf"
printf '\001\002\003binary\000\377' >"$B/binary.bin"
echo "fixtures written to $B and $X"
