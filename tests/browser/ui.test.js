// ui.test.js — the web UI in a real browser (Debian's chromium through
// playwright-core): search, search-as-you-type, filter by type, open a
// document, follow a "cited by" link, the back button, a phone layout.
// Usage: node ui.test.js http://127.0.0.1:PORT   (run.sh starts the server)
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const base = process.argv[2];
const artifacts = process.env.ARTIFACTS || path.join(__dirname, '..', 'artifacts');
const tests = [];
const test = (name, fn) => tests.push({ name, fn });
const assert = (cond, msg) => { if (!cond) throw new Error(msg); };

// Every page is checked for script errors and CSP violations (a blocked inline
// script or style would show up here).
async function open(ctx, url) {
	const page = await ctx.newPage();
	page.problems = [];
	page.on('pageerror', (e) => page.problems.push('pageerror: ' + e.message));
	page.on('console', (m) => { if (m.type() === 'error') page.problems.push('console: ' + m.text()); });
	await page.goto(base + url);
	return page;
}
const clean = (page) => assert(page.problems.length === 0, page.problems.join('; '));

test('search_from_home_page_shows_ranked_results', async (ctx) => {
	const page = await open(ctx, '/');
	assert(await page.getAttribute('html', 'lang') === 'vi', 'lang="vi"');
	await page.getByLabel('Tìm văn bản').fill('học tập làm theo');
	await page.keyboard.press('Enter');
	await page.waitForURL(/\/tim\?q=/);
	const hits = await page.locator('li.hit').count();
	assert(hits >= 2, `expected ≥2 hits, got ${hits}`);
	assert(await page.locator('li.hit mark').count() > 0, 'snippets have <mark>');
	assert(!page.url().includes('loai='), 'empty filters are dropped from the URL');
	await page.screenshot({ path: path.join(artifacts, 'search.png'), fullPage: true });
	clean(page);
});

test('typing_shows_suggestions_from_the_api', async (ctx) => {
	const page = await open(ctx, '/');
	await page.locator('#q').pressSequentially('phong cach', { delay: 30 });
	await page.locator('#goi-y a').first().waitFor({ timeout: 5000 });
	const n = await page.locator('#goi-y a').count();
	assert(n >= 1, 'at least one suggestion');
	await page.keyboard.press('ArrowDown');
	const focused = await page.evaluate(() => document.activeElement.closest('#goi-y') !== null);
	assert(focused, 'ArrowDown moves focus into the suggestions');
	await page.keyboard.press('Escape');
	assert(await page.locator('#goi-y').isHidden(), 'Escape hides suggestions');
	clean(page);
});

test('type_facet_filters_results', async (ctx) => {
	const page = await open(ctx, '/tim?q=' + encodeURIComponent('học tập'));
	const facet = page.locator('.facet').first().locator('a').first();
	const label = (await facet.innerText()).replace(/\s*\d+\s*$/, '').trim();
	await facet.click();
	await page.waitForURL(/loai=/);
	const types = await page.locator('li.hit .type').allInnerTexts();
	assert(types.length >= 1, 'filtered results shown');
	assert(types.every((t) => t === label), `all hits are ${label}: ${types.join(', ')}`);
	assert(await page.locator('.chip').count() === 1, 'the active filter shows as a chip');
	clean(page);
});

test('open_document_then_cited_by_then_back', async (ctx) => {
	const page = await open(ctx, '/tim?q=' + encodeURIComponent('05-CT/TW'));
	const first = page.locator('li.hit').first();
	assert(await first.locator('.badge').count() === 1, 'exact number badge on the first hit');
	await first.locator('h2 a').click();
	await page.waitForURL(/\/vb\/\d+/);
	const docUrl = page.url();
	const num = await page.locator('tr', { has: page.locator('th', { hasText: 'Số, ký hiệu' }) }).locator('td').innerText();
	assert(num === '05-CT/TW', `number row: ${num}`);
	const cite = await page.locator('#trich-dan').innerText();
	assert(cite.startsWith('Chỉ thị số 05-CT/TW ngày 15/5/2016'), `citation: ${cite}`);
	assert(await page.locator('.js-copy').isVisible(), 'copy button shown with JS');
	await page.screenshot({ path: path.join(artifacts, 'doc.png'), fullPage: true });
	assert(await page.locator('.cited-by a').count() >= 2, 'the letter and the article cite it');
	await page.locator('.cited-by a', { hasText: 'triển khai' }).click();
	await page.waitForURL((u) => u.toString() !== docUrl && /\/vb\/\d+/.test(u.toString()));
	const h1 = await page.locator('h1').innerText();
	assert(/triển khai/i.test(h1), `cited-by document title: ${h1}`);
	await page.goBack();
	assert(page.url() === docUrl, 'back returns to the directive');
	await page.goBack();
	assert(page.url().includes('/tim?q='), 'back again returns to the results');
	assert(await page.inputValue('#q') === '05-CT/TW', 'the query box keeps the query');
	clean(page);
});

test('copy_button_puts_citation_on_clipboard', async (ctx) => {
	await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
	const page = await open(ctx, '/tim?q=' + encodeURIComponent('05-CT/TW'));
	await page.locator('li.hit h2 a').first().click();
	await page.locator('.js-copy').click();
	await page.locator('.copied', { hasText: 'Đã sao chép' }).waitFor({ timeout: 3000 });
	const clip = await page.evaluate(() => navigator.clipboard.readText());
	assert(clip.startsWith('Chỉ thị số 05-CT/TW'), `clipboard: ${clip}`);
	clean(page);
});

test('phone_layout_has_no_horizontal_scroll', async (ctx, browser) => {
	const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, deviceScaleFactor: 2 });
	try {
		for (const url of ['/tim?q=' + encodeURIComponent('học tập'), '/vb/' + await firstId('05-CT/TW')]) {
			const page = await open(phone, url);
			const over = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
			assert(over <= 0, `${url} overflows by ${over}px`);
			if (url.startsWith('/tim')) await page.screenshot({ path: path.join(artifacts, 'search-phone.png'), fullPage: true });
			clean(page);
		}
	} finally {
		await phone.close();
	}
});

test('keyboard_reaches_skip_link_and_query_box', async (ctx) => {
	const page = await open(ctx, '/');
	await page.keyboard.press('Tab');
	assert(await page.evaluate(() => document.activeElement.className) === 'skip', 'first Tab: skip link');
	// then the header's links (home, the brief), then the query box
	const seen = [];
	for (let i = 0; i < 4 && seen[seen.length - 1] !== 'q'; i++) {
		await page.keyboard.press('Tab');
		seen.push(await page.evaluate(() => document.activeElement.id || document.activeElement.tagName));
	}
	assert(seen[seen.length - 1] === 'q', `the query box within four Tabs after the skip link, got ${seen.join(' → ')}`);
	clean(page);
});

async function firstId(q) {
	const r = await fetch(base + '/api/search?q=' + encodeURIComponent(q));
	const j = await r.json();
	return j.results[0].id;
}

(async () => {
	let passed = 0, failed = 0;
	let browser;
	try {
		browser = await chromium.launch({
			executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
			args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking',
				'--disable-component-update', '--disable-sync', '--no-first-run'],
		});
	} catch (e) {
		console.log('FAIL launch: ' + e.message);
		console.log('0 passed, 1 failed');
		process.exit(1);
	}
	for (const t of tests) {
		const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
		try {
			await t.fn(ctx, browser);
			passed++;
			console.log('ok   ' + t.name);
		} catch (e) {
			failed++;
			console.log('FAIL ' + t.name + ': ' + e.message.split('\n')[0]);
		} finally {
			await ctx.close();
		}
	}
	await browser.close();
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
})();
