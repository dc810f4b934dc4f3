"""articles.py — the four study articles (seeds 001–004) as web pages of the
kind users save from Party and provincial news sites: a site header with a
menu, breadcrumb, the <article> (title, lead, paragraphs, captions, author),
a share bar, "Các tin khác", a sidebar and a footer.  The article text is the
seed's, paragraph for paragraph; everything around it is page furniture that
an extractor has to recognise as such.  Site names and domains are fictional
(.example) and say so in the footer.
"""

import html
import os

from seeds import blocks, expect

# Headlines for "Các tin khác" besides the other three articles: generic on
# purpose (no numbers, dates or places), linking to the fictional site.
GENERIC_NEWS = [
    'Nâng cao chất lượng sinh hoạt chi bộ định kỳ',
    'Phát huy vai trò nêu gương của cán bộ, đảng viên',
    'Bồi dưỡng kỹ năng cho đội ngũ báo cáo viên cơ sở',
    'Tăng cường kiểm tra, giám sát việc thực hiện nghị quyết',
    'Ứng dụng công nghệ thông tin trong công tác tuyên truyền',
]

MENU = ['Trang chủ', 'Tin tức - Sự kiện', 'Xây dựng Đảng', 'Học tập và làm theo Bác',
        'Nghị quyết - Văn bản', 'Tư liệu', 'Liên hệ']

CSS = """body{margin:0;font-family:Arial,Helvetica,sans-serif;color:#222;background:#f4f4f4}
.top{background:#b30000;color:#fff;padding:8px 16px}.top .date{float:right;font-size:13px}
.brand{font-size:22px;font-weight:bold;color:#fff;text-decoration:none}
nav.menu ul{list-style:none;margin:0;padding:0;background:#8a0000}
nav.menu li{display:inline-block}nav.menu a{display:block;color:#fff;padding:8px 12px;text-decoration:none}
.wrap{max-width:1100px;margin:0 auto;background:#fff;display:flex;gap:24px;padding:16px}
main{flex:3}aside{flex:1;font-size:14px}.crumb{font-size:13px;color:#666}
.crumb a{color:#666}h1{font-size:26px;color:#8a0000}.sapo{font-weight:bold}
figure{margin:12px 0;text-align:center}figcaption{font-style:italic;font-size:14px;color:#555}
.author{text-align:right;font-weight:bold}.share a{margin-right:8px}
footer{background:#333;color:#ccc;font-size:13px;padding:16px;text-align:center}"""

PLACEHOLDER = ('data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22 width=%22640%22 '
               'height=%22360%22%3E%3Crect width=%22100%25%22 height=%22100%25%22 fill=%22%23ccc%22/%3E'
               '%3C/svg%3E')


def e(s):
    return html.escape(s, quote=True)


def _spec():
    """The four articles: structure read off the seeds (see corpus/README.md)."""
    out = []

    b = blocks('001')
    expect(b[0] == ['Sign In'] and b[2][0] == '21:03 26/04/2023', 'seed 001 head')
    expect(b[13] == ['Cẩm Loan'] and b[15] == ['Tag:'], 'seed 001 tail')
    body = [('p', b[3][0]), ('p', b[4][0]), ('fig', b[5][0])]
    body += [('p', b[i][0]) for i in range(6, 11)]
    body += [('fig', b[11][0]), ('p', b[12][0])]
    out.append(dict(
        seed='001', slug='bai-hoc-kinh-nghiem-hoc-tap-quan-triet-nghi-quyet-khoa-xiii',
        site='Thông tin Tuyên giáo Cơ sở', domain='tuyengiao-coso.example',
        section='Xây dựng Đảng', page_date=None, published='2023-04-26T21:03:00+07:00',
        published_display='21:03 26/04/2023', title=b[1][0], sapo=b[2][1], body=body,
        author=['Cẩm Loan', b[14][0]], source=None, login=True, tags=True,
        attachments=True, feedback=False, maybe=False, print_link=False))

    b = blocks('002')
    expect(b[0] == ['Thứ Tư, 22/5/2024'] and b[2] == b[3], 'seed 002 head')
    expect(b[16] == ['Theo Nhân dân'], 'seed 002 source')
    body = [('fig', b[2][0]), ('h2', b[4][0])]
    body += [('p', b[i][0]) for i in range(5, 10)]
    body += [('h2', b[10][0])] + [('p', b[i][0]) for i in range(11, 16)]
    out.append(dict(
        seed='002', slug='bac-can-doi-moi-viec-hoc-tap-nghi-quyet',
        site='Trang tin Xây dựng Đảng', domain='xaydungdang-tintuc.example',
        section='Xây dựng Đảng', page_date=b[0][0], published=None, published_display=None,
        title=b[1][0], sapo=None, body=body, author=[], source=b[16][0], login=False,
        tags=False, attachments=False, feedback=True, maybe=False, print_link=False))

    b = blocks('003')
    expect(b[0][:2] == ['Thứ tư 5/10/2022', 'in trang'], 'seed 003 head')
    expect(b[15] == ['Thu Hoài BT'], 'seed 003 author')
    out.append(dict(
        seed='003', slug='nang-cao-chat-luong-giao-duc-chinh-tri-tu-tuong-2021-2025',
        site='Trang thông tin điện tử Đảng bộ Khối (trang mẫu)', domain='dangbokhoi-mau.example',
        section='Tin hoạt động', page_date=b[0][0], published=None, published_display=None,
        title=b[0][2], sapo=b[1][0], body=[('p', b[i][0]) for i in range(2, 15)],
        author=[b[15][0]], source=None, login=False, tags=False, attachments=False,
        feedback=False, maybe=False, print_link=True))

    b = blocks('004')
    expect(b[0][0] == 'Chú trọng khâu đột phá trong học và làm theo Bác', 'seed 004 title')
    expect(b[13][0] == 'Hồng Liên', 'seed 004 author')
    out.append(dict(
        seed='004', slug='chu-trong-khau-dot-pha-trong-hoc-va-lam-theo-bac',
        site='Bản tin Học tập và làm theo Bác', domain='hoctapvalamtheo.example',
        section='Học tập và làm theo Bác', page_date=None, published=None,
        published_display=None, title=b[0][0], sapo=b[1][0],
        body=[('fig', b[0][1])] + [('p', b[i][0]) for i in range(2, 13)],
        # In the seed the photo caption stands before the lead; the page shows
        # the lead first (rendered before the body) and the photo after it.
        author=b[13], source=None, login=False, tags=False, attachments=False,
        feedback=True, maybe=True, print_link=False))
    return out


def _related(a, all_articles):
    items = [(o['title'], o['slug'] + '.html') for o in all_articles if o is not a]
    k = int(a['seed'])
    for t in GENERIC_NEWS[k % 5:] + GENERIC_NEWS[:k % 5]:
        if len(items) == 5:
            break
        items.append((t, f'https://{a["domain"]}/tin-tuc/#'))
    return items


def render(a, all_articles):
    url = f'https://{a["domain"]}/bai-viet/{a["slug"]}.html'
    h = ['<!DOCTYPE html>', '<html lang="vi">', '<head>', '<meta charset="utf-8">',
         '<meta name="viewport" content="width=device-width, initial-scale=1">',
         f'<title>{e(a["title"])} - {e(a["site"])}</title>',
         f'<meta property="og:site_name" content="{e(a["site"])}">',
         f'<meta property="og:title" content="{e(a["title"])}">',
         '<meta property="og:type" content="article">',
         f'<meta property="og:url" content="{e(url)}">']
    if a['sapo']:
        h.append(f'<meta name="description" content="{e(a["sapo"][:200])}">')
    if a['published']:
        h.append(f'<meta property="article:published_time" content="{a["published"]}">')
    h += [f'<link rel="canonical" href="{e(url)}">', f'<style>{CSS}</style>',
          '<script>window.dataLayer = window.dataLayer || [];'
          " function gtag(){dataLayer.push(arguments);} gtag('js', new Date());</script>",
          '</head>', '<body>', '<header class="site">', '<div class="top">']
    if a['page_date']:
        h.append(f'<span class="date">{e(a["page_date"])}</span>')
    if a['login']:
        h.append('<a class="login" href="#" style="float:right;color:#fff">Sign In</a>')
    h.append(f'<a class="brand" href="https://{a["domain"]}/">{e(a["site"])}</a>')
    h += ['</div>', '<nav class="menu"><ul>']
    h += [f'<li><a href="https://{a["domain"]}/#m{i}">{e(m)}</a></li>' for i, m in enumerate(MENU)]
    h += ['</ul></nav>', '</header>', '<div class="wrap">', '<main>',
          '<div class="crumb"><a href="#">Trang chủ</a> › '
          f'<a href="#">{e(a["section"])}</a></div>']
    if a['print_link']:
        h.append('<div class="tools"><a href="javascript:window.print()">in trang</a></div>')
    h += ['<article>', f'<h1>{e(a["title"])}</h1>']
    if a['published_display']:
        h.append(f'<time class="pubdate" datetime="{a["published"]}">'
                 f'{e(a["published_display"])}</time>')
    body = list(a['body'])
    if a['sapo']:
        h.append(f'<p class="sapo">{e(a["sapo"])}</p>')
    for kind, text in body:
        if kind == 'p':
            h.append(f'<p>{e(text)}</p>')
        elif kind == 'h2':
            h.append(f'<h2>{e(text)}</h2>')
        else:
            h.append(f'<figure><img src="{PLACEHOLDER}" alt="{e(text)}" width="640" height="360">'
                     f'<figcaption>{e(text)}</figcaption></figure>')
    for k, line in enumerate(a['author']):
        cls = 'author' if k == 0 else 'author-unit'
        h.append(f'<p class="{cls}">{e(line)}</p>')
    if a['source']:
        h.append(f'<p class="source"><em>{e(a["source"])}</em></p>')
    h.append('</article>')
    if a['tags']:
        h.append('<div class="tags">Tag:</div>')
    if a['attachments']:
        h.append('<div class="attachments"><h3>File đính kèm</h3></div>')
    h += ['<div class="share">Chia sẻ: <a href="#">Facebook</a> <a href="#">Zalo</a> '
          '<a href="#">Twitter</a> <a href="javascript:window.print()">In bài</a> '
          '<a href="#">Gửi email</a></div>']
    related = _related(a, all_articles)
    if a['maybe']:
        h += ['<section class="maybe"><h3>Có thể bạn quan tâm</h3><ul>',
              f'<li><a href="{e(related[0][1])}">{e(related[0][0])}</a></li>', '</ul></section>']
    if a['feedback']:
        h += ['<section class="feedback"><h3>Phản hồi</h3>', '<form action="#" method="post">',
              '<p>Thông tin người gửi phản hồi</p>' if a['maybe'] else '',
              '<label>Họ và tên <input name="ten"></label> '
              '<label>Email <input name="email"></label>',
              '<label>Nội dung <textarea name="noidung"></textarea></label>',
              '<button type="submit">Gửi</button></form></section>']
    h += ['<section class="other-news"><h3>Các tin khác</h3><ul>']
    h += [f'<li><a href="{e(href)}">{e(t)}</a></li>' for t, href in related]
    h += ['</ul></section>', '</main>', '<aside>', '<h3>Mới nhất</h3><ul>']
    h += [f'<li><a href="#">{e(t)}</a></li>' for t in GENERIC_NEWS[:3]]
    h += ['</ul>', '<h3>Xem nhiều nhất</h3><ul>']
    h += [f'<li><a href="#">{e(t)}</a></li>' for t in GENERIC_NEWS[3:]]
    h += ['</ul>', '<h3>Thư viện ảnh</h3>',
          f'<img src="{PLACEHOLDER}" alt="Thư viện ảnh" width="200" height="112">',
          '<h3>Liên kết website</h3>', '<select onchange="location=this.value">',
          '<option>-- Chọn liên kết --</option>',
          '<option value="https://thuvien-lienket-1.example/">Trang liên kết 1</option>',
          '<option value="https://thuvien-lienket-2.example/">Trang liên kết 2</option>',
          '</select>', '</aside>', '</div>', '<footer>',
          f'<p>{e(a["site"])}</p>',
          '<p>Địa chỉ: (địa chỉ giả định) — Điện thoại: 000 000 000 — Email: lienhe@'
          f'{e(a["domain"])}</p>',
          '<p>Trang mẫu do dự án thuvien dựng để thử nghiệm; tên trang, địa chỉ và tên miền '
          'là giả định. Nội dung bài viết giữ nguyên văn bản gốc.</p>',
          '<p>© Bản quyền thuộc về tác giả bài viết. Ghi rõ nguồn khi phát hành lại.</p>',
          '</footer>', '</body>', '</html>', '']
    return '\n'.join(x for x in h if x)


def build(outdir):
    arts = _spec()
    paths = []
    for a in arts:
        p = os.path.join(outdir, a['slug'] + '.html')
        with open(p, 'w', encoding='utf-8', newline='\n') as f:
            f.write(render(a, arts))
        paths.append(p)
    return arts, paths


def write_txt(a, path):
    """A plain-text copy of one article as Notepad saves it (UTF-8 with BOM,
    CRLF line ends): title, blank line, paragraphs, author."""
    lines = [a['title'], '']
    if a['sapo']:
        lines += [a['sapo'], '']
    for kind, text in a['body']:
        if kind != 'fig':
            lines += [text, '']
    lines += a['author']
    if a['source']:
        lines.append(a['source'])
    with open(path, 'w', encoding='utf-8-sig', newline='\r\n') as f:
        f.write('\n'.join(lines) + '\n')
