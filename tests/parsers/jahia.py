"""A hand-written iso.org (Jahia) page shell for parser tests, independent of the fixture site's renderer.

Modelled on shared/iso-site/real-iso-standard-page-2024.html: `html lang`, canonical
link, OneTrust scripts, `main#content`, `section.section-navigation` with the
heading `nav`, then the page's own sections. Tests pass the parts they are about
as literal HTML and write the records they expect by hand.
"""

from __future__ import annotations


def iso_page(main: str, *, canonical: str, lang: str = "en") -> str:
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><link rel="canonical" href="{canonical}">
  <link rel="alternate" hreflang="fr" href="{canonical.replace("iso.org/", "iso.org/fr/", 1)}">
  <meta charset="utf-8">
  <script>
    dataLayer = [{{ 'pageType': 'its:committee', 'pageLanguage': '{lang}' }}];
  </script>
  <script src="https://cdn.cookielaw.org/scripttemplates/otSDKStub.js" type="text/javascript" charset="UTF-8"></script>
  <script type="application/json" id="jahia-data-ctx">{{"contextPath":"","lang":"{lang}"}}</script>
</head>
<body class="theme-red lang-{lang}" id="page-top">
  <nav role="navigation" aria-label="Utility Navigation" class="nav-utility">
    <ul class="nav" id="utilities"><li class="nav-item"><a href="https://login.iso.org">&nbsp;Applications</a></li></ul>
  </nav>
  <main role="main" id="content" class="acer" aria-label="Content" tabindex="-1">
{main}
  </main>
  <footer class="footer-iso"><p class="lead">Great things happen when the world agrees</p></footer>
</body>
</html>
"""


def committee_page(
    heading: str,
    details: str = "",
    *,
    key_numbers: str = "",
    sections: str = "",
    committee_id: int = 54998,
    lang: str = "en",
) -> str:
    """A committee page: `heading` goes inside the heading nav, `details` inside `#section-details ul`."""
    main = f"""
  <div class="committee-container" id="committee-{committee_id}">
  <section class="section-navigation bg-lightgray">
      <div class="container">
        <div class="row">
          <div class="col-md-7">
                <nav role="navigation" aria-label="Children Navigation" class="heading-condensed nav-relatives">
    {heading}
  </nav>
          </div>
          <div class="col-md-4 col-md-offset-1">
            <ul class="list-unstyled key-numbers">{key_numbers}
            </ul>
          </div>
        </div>
      </div>
  </section>
    <section id="section-details">
      <div class="container">
        <div class="row">
          <div class="col-md-7">
            <ul class="refine">{details}
            </ul>
          </div>
        </div>
      </div>
    </section>{sections}
  </div>"""
    return iso_page(main, canonical=f"https://www.iso.org/committee/{committee_id}.html", lang=lang)


def details_page(kind: str, page_id: int, heading: str, details: str) -> str:
    """A member or organization page: `heading` inside the heading nav, `details` inside `#section-details ul`."""
    main = f"""
  <section class="section-navigation bg-lightgray"><div class="container"><div class="row"><div class="col-md-7">
    <nav role="navigation" aria-label="Children Navigation" class="heading-condensed nav-relatives">
    {heading}
    </nav>
  </div></div></div></section>
  <section id="section-details"><div class="container">
    <ul class="refine">{details}
    </ul>
  </div></section>"""
    return iso_page(main, canonical=f"https://www.iso.org/{kind}/{page_id}.html")


COMMITTEES_LINE = '<div class="section-head wrap-hyphens"><a href="/technical-committees.html" title="Committees">Committees</a></div>'
"""The heading nav's first line on a committee without a parent."""
