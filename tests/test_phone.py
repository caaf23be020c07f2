"""Every page of the built book on a 390 × 844 phone: nothing wider than the screen, no text cut off,
figure labels inside their figure, and legends clear of the plotted data and the axis title."""
import pytest

from conftest import toc_pages


pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
PAGES = toc_pages()

# Returns one line per problem. An element may be wider than the screen only inside a box that scrolls.
PROBLEMS_JS = """() => {
  const vw = document.documentElement.clientWidth, out = [];
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.classList.length ? '.' + [...el.classList].slice(0, 3).join('.') : '');
  const shown = el => { const s = getComputedStyle(el); const r = el.getBoundingClientRect();
    return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0 &&
           !el.closest('[aria-hidden="true"], dialog:not([open]), .bd-sidebar-primary, .bd-sidebar-secondary'); };
  const clipped = el => { for (let a = el.parentElement; a; a = a.parentElement) {
      const o = getComputedStyle(a).overflowX; if (o !== 'visible') return a; } return null; };
  if (document.documentElement.scrollWidth > vw + 1)
    out.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px wide at ${vw}px`);
  for (const el of document.querySelectorAll('body *')) {
    if (!shown(el) || el.closest('svg')) continue;
    const r = el.getBoundingClientRect(), box = clipped(el);
    const scrolls = box && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX);
    if (r.right > vw + 1 && !scrolls && !box) out.push(`${name(el)} sticks out: right edge at ${Math.round(r.right)}px`);
    const own = getComputedStyle(el);
    const hasText = el.textContent.trim() !== '';   // its own text or a child's (a link's title in a <p>)
    if (hasText && ['hidden', 'clip'].includes(own.overflowX) && el.scrollWidth > el.clientWidth + 1)
      out.push(`${name(el)} cuts its text: "${el.textContent.trim().slice(0, 40)}" (${el.scrollWidth} > ${el.clientWidth}px)`);
  }
  document.querySelectorAll('.js-plotly-plot').forEach((gd, i) => {
    const svg = gd.querySelector('svg.main-svg'); if (!svg) { out.push(`figure ${i} not drawn`); return; }
    const s = svg.getBoundingClientRect();
    if (s.right > vw + 1) out.push(`figure ${i} is ${Math.round(s.width)}px wide`);
    for (const t of gd.querySelectorAll('svg text')) {
      const r = t.getBoundingClientRect();
      if (!t.textContent.trim() || r.width === 0) continue;
      if (r.left < s.left - 1 || r.right > s.right + 1)
        out.push(`figure ${i}: label "${t.textContent.slice(0, 40)}" cut at the edge (${Math.round(r.left)}..${Math.round(r.right)} of ${Math.round(s.left)}..${Math.round(s.right)})`);
    }
    const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const plots = [...gd.querySelectorAll('.draglayer .nsewdrag')].map(p => p.getBoundingClientRect());
    const titles = [...gd.querySelectorAll("text[class^='x'][class$='title']")];
    const legend = gd.querySelector('g.legend');
    if (legend) {
      const l = legend.getBoundingClientRect();
      if (plots.some(p => meets(l, p))) out.push(`figure ${i}: the legend covers the data`);
      if (titles.some(t => meets(l, t.getBoundingClientRect()))) out.push(`figure ${i}: the legend covers an axis title`);
    }
    for (const t of titles)
      if (plots.some(p => meets(t.getBoundingClientRect(), p)))
        out.push(`figure ${i}: the axis title "${t.textContent.slice(0, 30)}" covers a plot`);
  });
  return out;
}"""


@pytest.fixture(scope="module")
def phone(site):
    """The built book served on localhost with Debian's chromium (conftest's ``site``)."""
    return site


def _open(browser, url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    page = context.new_page()
    errors = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1")
               else route.abort())
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    return page, errors


def _open_drawn(browser, url):
    """A page with its figures drawn and fitted (fit.js relayouts narrow figures after the first draw)."""
    page, errors = _open(browser, url)
    if page.locator(".plotly-graph-div").count():
        page.wait_for_selector(".js-plotly-plot svg.main-svg", timeout=15000)
    page.wait_for_timeout(1200)
    return page, errors


@pytest.mark.parametrize("page_path", PAGES)
def test_nothing_is_wider_than_a_phone_or_cut_off(phone, page_path):
    base, browser = phone
    page, errors = _open_drawn(browser, f"{base}/{page_path}.html")
    assert page.evaluate(PROBLEMS_JS) == []
    assert errors == []
    page.context.close()


@pytest.mark.parametrize("page_path", PAGES)
def test_wide_tables_scroll_in_their_box_and_keep_the_first_column_in_view(phone, page_path):
    base, browser = phone
    page, _ = _open(browser, f"{base}/{page_path}.html")
    result = page.evaluate("""() => [...document.querySelectorAll('table')].map(t => {
      const box = t.parentElement, first = t.querySelector('tr > :first-child');
      const wide = t.scrollWidth > box.clientWidth + 1, scrolls = getComputedStyle(box).overflowX;
      box.scrollLeft = box.scrollWidth;
      const kept = Math.abs(first.getBoundingClientRect().left - box.getBoundingClientRect().left) < 2;
      return {wide, scrolls, kept: !wide || (box.scrollLeft > 0 && kept)}; })""")
    assert all(r["scrolls"] == "auto" for r in result), result
    assert all(r["kept"] for r in result), result
    page.context.close()


def test_the_check_catches_a_wide_element_cut_text_and_a_clipped_label(phone):
    """Planted defects on a real chapter page: each one must be reported."""
    base, browser = phone
    chapter = next(p for p in PAGES if p.startswith("chapters/"))
    page, _ = _open_drawn(browser, f"{base}/{chapter}.html")
    assert page.locator(".js-plotly-plot").count() >= 1   # the planted label needs a figure
    page.evaluate("""() => {
      const wide = document.createElement('div'); wide.style.width = '600px'; wide.textContent = 'wide';
      document.querySelector('.bd-article').prepend(wide);
      const cut = document.createElement('p'); cut.style.cssText = 'overflow:hidden;white-space:nowrap;width:80px';
      cut.textContent = 'a sentence far too long for eighty pixels'; document.querySelector('.bd-article').prepend(cut);
      const link = document.createElement('a'); link.style.cssText = 'display:flex;overflow-x:hidden;width:80px';
      link.innerHTML = '<div><span style="white-space:nowrap">Pharmacokinetics and claims from the web</span></div>'; document.querySelector('.bd-article').prepend(link);
      const gd = document.querySelector('.js-plotly-plot');
      return Plotly.relayout(gd, {'sliders[0].currentvalue.prefix': 'a slider label much longer than any phone is wide: '});
    }""")
    problems = "\n".join(page.evaluate(PROBLEMS_JS))
    assert "page scrolls sideways" in problems
    assert "div sticks out" in problems
    assert 'cuts its text: "a sentence far too long' in problems
    assert 'a cuts its text: "Pharmacokinetics and claims from the web' in problems   # a title clipped by its link
    assert 'label "a slider label much longer' in problems
    page.context.close()


# A page a reader can finish: about a dozen phone screens. Before the split a chapter was ~42,000 px here
# and the data appendix ~72,000 px; now the longest chapter page is ~14,000 px.
MAX_PAGE_PX = 16_000
READING_PAGES = [p for p in PAGES if p.startswith("chapters/") or p == "appendix/data_sources"]


@pytest.mark.parametrize("page_path", READING_PAGES)
def test_a_chapter_page_is_a_length_a_reader_can_finish(phone, page_path):
    base, browser = phone
    page, _ = _open_drawn(browser, f"{base}/{page_path}.html")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= MAX_PAGE_PX, f"{page_path} is {height}px long on a phone: split it (chapters/README.md)"
    page.context.close()
