/* app.js — progressive enhancement only: every page works without it.
 * - search-as-you-type: suggestions from /api/search under the query box (debounced)
 * - copy the citation to the clipboard, print button
 * DOM is built with textContent, never innerHTML, so document text cannot inject markup. */
(function () {
	'use strict';
	var q = document.getElementById('q');
	var box = document.getElementById('goi-y');
	if (q && box) {
		var timer = null, seq = 0;
		var hide = function () { box.hidden = true; box.textContent = ''; };
		var show = function (data, text) {
			box.textContent = '';
			var results = (data && data.results) || [];
			if (!results.length) { hide(); return; }
			var head = document.createElement('p');
			head.className = 'sr';
			head.textContent = results.length + ' gợi ý cho “' + text + '”';
			box.appendChild(head);
			var ul = document.createElement('ul');
			results.slice(0, 6).forEach(function (r) {
				var li = document.createElement('li');
				var a = document.createElement('a');
				a.href = '/vb/' + encodeURIComponent(r.id) + '?q=' + encodeURIComponent(text);
				a.textContent = r.title || r.path || ('Văn bản ' + r.id);
				var meta = document.createElement('span');
				meta.className = 's-meta';
				meta.textContent = [r.type, r.number, r.issuer, r.date].filter(Boolean).join(' · ');
				a.appendChild(meta);
				li.appendChild(a);
				ul.appendChild(li);
			});
			box.appendChild(ul);
			box.hidden = false;
		};
		var run = function () {
			var text = q.value.trim();
			if (text.length < 2 || text.length > 200) { hide(); return; }
			var my = ++seq;
			var params = new URLSearchParams();
			params.set('q', text);
			params.set('n', '6');
			var form = q.form;
			['loai', 'cq', 'tu', 'den', 'kieu'].forEach(function (k) {
				var el = form && form.elements[k];
				if (el && el.value) params.set(k, el.value);
			});
			fetch('/api/search?' + params.toString(), {headers: {'Accept': 'application/json'}})
				.then(function (r) { return r.ok ? r.json() : null; })
				.then(function (data) { if (my === seq && document.activeElement === q) show(data, text); })
				.catch(hide);
		};
		q.addEventListener('input', function () {
			clearTimeout(timer);
			timer = setTimeout(run, 250);
		});
		q.addEventListener('keydown', function (ev) {
			if (ev.key === 'Escape') hide();
			if (ev.key === 'ArrowDown' && !box.hidden) {
				var first = box.querySelector('a');
				if (first) { ev.preventDefault(); first.focus(); }
			}
		});
		box.addEventListener('keydown', function (ev) {
			var links = Array.prototype.slice.call(box.querySelectorAll('a'));
			var i = links.indexOf(document.activeElement);
			if (ev.key === 'ArrowDown' && i < links.length - 1) { ev.preventDefault(); links[i + 1].focus(); }
			if (ev.key === 'ArrowUp') { ev.preventDefault(); (i > 0 ? links[i - 1] : q).focus(); }
			if (ev.key === 'Escape') { hide(); q.focus(); }
		});
		document.addEventListener('click', function (ev) {
			if (!box.contains(ev.target) && ev.target !== q) hide();
		});
		/* empty filter fields need not clutter the URL */
		if (q.form) q.form.addEventListener('submit', function () {
			Array.prototype.forEach.call(q.form.elements, function (el) {
				if (el.name && el.name !== 'q' && !el.value) el.disabled = true;
			});
		});
		window.addEventListener('pageshow', function () {
			if (q.form) Array.prototype.forEach.call(q.form.elements, function (el) { el.disabled = false; });
		});
	}

	Array.prototype.forEach.call(document.querySelectorAll('.js-copy'), function (btn) {
		var target = document.getElementById(btn.getAttribute('data-target'));
		var status = btn.parentNode.querySelector('.copied');
		if (!target || !navigator.clipboard) return; /* the text stays selectable */
		btn.hidden = false;
		btn.addEventListener('click', function () {
			navigator.clipboard.writeText(target.textContent.trim()).then(function () {
				if (status) status.textContent = 'Đã sao chép trích dẫn.';
			}, function () {
				if (status) status.textContent = 'Không sao chép được; hãy chọn và sao chép đoạn trên.';
			});
		});
	});
	Array.prototype.forEach.call(document.querySelectorAll('.js-print'), function (btn) {
		btn.hidden = false;
		btn.addEventListener('click', function () { window.print(); });
	});
})();
