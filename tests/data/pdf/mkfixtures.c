/* mkfixtures.c — makes the PDF fixtures of tests/test_pdf.c (run mkfixtures.sh).
 *
 *   header2col.pdf  text PDF, 2 pages: a two-column official header whose left
 *                   (12 pt) and right (13 pt) lines sit at different heights,
 *                   a bold centred title, body paragraphs, a signature block
 *   scan.pdf        one page that is only an image (no text layer), for OCR
 *   encrypted.pdf   a PDF with a Standard security handler and unknown password
 *   truncated.pdf   header2col.pdf cut short
 * Fonts: Liberation Serif (fonts-liberation2), drawn with pango + cairo. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define A4W 595.0
#define A4H 842.0

/* Draw text with its centre at cx (or left edge at x when cx < 0), top at y. */
static void text(cairo_t *cr, const char *font, double cx, double x, double y, const char *s)
{
	PangoLayout *l = pango_cairo_create_layout(cr);
	/* sizes in points on a 72 dpi cairo surface */
	pango_cairo_context_set_resolution(pango_layout_get_context(l), 72);
	pango_layout_context_changed(l);
	PangoFontDescription *fd = pango_font_description_from_string(font);
	pango_layout_set_font_description(l, fd);
	pango_layout_set_text(l, s, -1);
	int w, h;
	pango_layout_get_size(l, &w, &h);
	cairo_move_to(cr, cx >= 0 ? cx - w / PANGO_SCALE / 2.0 : x, y);
	pango_cairo_show_layout(cr, l);
	pango_font_description_free(fd);
	g_object_unref(l);
}

static const char *body[] = {
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Thực hiện Kế hoạch số 25/KH-UBND ngày 10 tháng 01 năm 2024 của Ủy ban nhân dân",
    "tỉnh về cải cách hành chính, Sở Nội vụ đề nghị các cơ quan, đơn vị rà soát hồ sơ",
    "cán bộ, công chức và gửi báo cáo về Sở trước ngày 30 tháng 3 năm 2024.",
};

static void header_pdf(const char *path)
{
	cairo_surface_t *s = cairo_pdf_surface_create(path, A4W, A4H);
	cairo_t *cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0, 0, 0);
	/* left column: 12 pt, lines every 15 pt from y = 60 */
	text(cr, "Liberation Serif 12", 170, 0, 60, "ỦY BAN NHÂN DÂN TỈNH BẾN TRE");
	text(cr, "Liberation Serif Bold 12", 170, 0, 75, "SỞ NỘI VỤ");
	text(cr, "Liberation Serif 12", 170, 0, 100, "Số: 125/SNV-VP");
	/* right column: 13 pt, offset by half a line */
	text(cr, "Liberation Serif Bold 13", 420, 0, 66, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
	text(cr, "Liberation Serif Bold 13", 420, 0, 83, "Độc lập - Tự do - Hạnh phúc");
	text(cr, "Liberation Serif Italic 13", 420, 0, 108, "Bến Tre, ngày 05 tháng 3 năm 2024");
	text(cr, "Liberation Serif Bold 14", A4W / 2, 0, 150, "THÔNG BÁO");
	text(cr, "Liberation Serif Bold 13", A4W / 2, 0, 168, "Về việc rà soát hồ sơ cán bộ");
	double y = 210;
	for (size_t i = 0; i < sizeof body / sizeof *body; i++, y += 19)
		text(cr, "Liberation Serif 13", -1, i == 1 || i == 0 ? 100 : 72, y, body[i]);
	cairo_show_page(cr);
	text(cr, "Liberation Serif 13", -1, 100, 72, "Đề nghị các đơn vị thực hiện nghiêm túc./.");
	text(cr, "Liberation Serif Bold Italic 12", -1, 72, 120, "Nơi nhận:");
	text(cr, "Liberation Serif 11", -1, 72, 135, "- Như trên;");
	text(cr, "Liberation Serif 11", -1, 72, 148, "- Lưu: VT.");
	text(cr, "Liberation Serif Bold 13", 420, 0, 121, "GIÁM ĐỐC");
	text(cr, "Liberation Serif Bold 13", 420, 0, 200, "Nguyễn Văn An");
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

/* A scanned page: the text is drawn into a 200 dpi grey image, and only the
 * image goes into the PDF. */
static void scan_pdf(const char *path)
{
	double w = A4W, h = 300, k = 200 / 72.0;
	cairo_surface_t *img =
	    cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(w * k), (int)(h * k));
	cairo_t *ci = cairo_create(img);
	cairo_set_source_rgb(ci, 1, 1, 1);
	cairo_paint(ci);
	cairo_scale(ci, k, k);
	cairo_set_source_rgb(ci, 0, 0, 0);
	text(ci, "Liberation Serif Bold 16", w / 2, 0, 40, "THÔNG BÁO");
	text(ci, "Liberation Serif Bold 14", w / 2, 0, 66, "Về việc kiểm tra hồ sơ sinh viên");
	text(ci, "Liberation Serif 14", -1, 60, 110, "Nhà trường thông báo đến toàn thể sinh viên");
	text(ci, "Liberation Serif 14", -1, 60, 132,
	     "lịch kiểm tra hồ sơ học tập của năm học mới.");
	cairo_destroy(ci);
	cairo_surface_t *s = cairo_pdf_surface_create(path, w, h);
	cairo_t *cr = cairo_create(s);
	cairo_scale(cr, 1 / k, 1 / k);
	cairo_set_source_surface(cr, img, 0, 0);
	cairo_paint(cr);
	cairo_show_page(cr);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	cairo_surface_destroy(img);
}

/* Minimal PDF with an /Encrypt dictionary whose /U entry matches no password:
 * poppler must refuse it as encrypted. */
static void encrypted_pdf(const char *path)
{
	FILE *f = fopen(path, "wb");
	if (!f) exit(1);
	const char *objs[] = {
	    "<< /Type /Catalog /Pages 2 0 R >>",
	    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
	    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
	    "<< /Filter /Standard /V 1 /R 2 /P -4 "
	    "/O <0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef> "
	    "/U <fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210> >>",
	};
	long off[4];
	fputs("%PDF-1.4\n", f);
	for (int i = 0; i < 4; i++) {
		off[i] = ftell(f);
		fprintf(f, "%d 0 obj\n%s\nendobj\n", i + 1, objs[i]);
	}
	long xref = ftell(f);
	fputs("xref\n0 5\n0000000000 65535 f \n", f);
	for (int i = 0; i < 4; i++) fprintf(f, "%010ld 00000 n \n", off[i]);
	fprintf(f,
	        "trailer\n<< /Size 5 /Root 1 0 R /Encrypt 4 0 R "
	        "/ID [<00112233445566778899aabbccddeeff> <00112233445566778899aabbccddeeff>] >>\n"
	        "startxref\n%ld\n%%%%EOF\n",
	        xref);
	fclose(f);
}

static void truncated_pdf(const char *from, const char *path)
{
	FILE *f = fopen(from, "rb");
	if (!f) exit(1);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) exit(1);
	fclose(f);
	f = fopen(path, "wb");
	if (!f) exit(1);
	fwrite(buf, 1, (size_t)(n * 2 / 5), f);
	fclose(f);
	free(buf);
}

int main(void)
{
	header_pdf("header2col.pdf");
	scan_pdf("scan.pdf");
	encrypted_pdf("encrypted.pdf");
	truncated_pdf("header2col.pdf", "truncated.pdf");
	return 0;
}
