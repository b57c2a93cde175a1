"""Renders the fixture site's HTML from `site_data`, in iso.org's Jahia markup family.

The pages are generated, not committed: `casco_watch.fixture_site.server` renders a
state in memory (about 0.2 s) when it first serves it. To look at them as files,
run `python -m casco_watch.fixture_site.render [DIR]` from the repository root
(default `output/fixture_site`). Links vary on purpose (relative, `/fr/`, absolute, mirror host, CMS long form),
as on the live site, and the markup carries its whitespace and `&nbsp;`s.
Committee pages differ in how they are written (`PAGE_STYLES`): between them they
show every heading, label and list-item layout that NOTES §2.1 documents, while
what they state comes from `site_data` alone.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from html import escape
from pathlib import Path

from casco_watch.fixture_site.site_data import (
    CASCO_ID,
    STATES,
    CommitteeData,
    DeliverableData,
    OfficerData,
    SiteState,
    site,
)
from casco_watch.schemas.stages import STAGE_CODES, STAGE_NAMES

DEFAULT_OUTPUT = Path("output") / "fixture_site"
ROBOTS = "User-agent: *\nDisallow: /search\nAllow: /\n"

ROLE_LABELS = {
    "chairperson": "Chairperson",
    "vice_chair": "Vice-chair",
    "secretary": "Secretary",
    "committee_manager": "Committee Manager",
    "technical_programme_manager": "Technical Programme Manager",
    "editorial_manager": "Editorial Manager",
}
ROLE_ABBREVIATIONS = {"technical_programme_manager": "TPM", "editorial_manager": "EM"}
SUBGROUP_TYPE_LABELS = {
    "subcommittee": "Subcommittee",
    "working_group": "Working group",
    "joint_working_group": "Joint working group",
    "ad_hoc_group": "Ad hoc group",
    "advisory_group": "Advisory group",
    "task_force": "Task force",
}
_SHARED_ITEM = {
    "committee_manager": "secretariat",
    "chairperson": "chair",
    "vice_chair": "chair",
    "technical_programme_manager": "programme",
    "editorial_manager": "programme",
}
"""Entries that share one list item when a page groups them: NOTES §2.1 saw chair and
vice-chair in one item, and TPM and EM in another; the secretariat goes with its manager."""


@dataclass(frozen=True)
class PageStyle:
    """How one committee's pages are written: iso.org's pages differ in these details (NOTES §2.1)."""

    heading: str = "spans"
    """Reference and title: "spans" (the real page's `d-block` spans), "tight spans" (no whitespace
    between them), "br", "newlines" (one text with line breaks), "h1+h2", "h1+p", "h1+span",
    "self-link" (the reference links to the page itself above an `h1` title)."""
    label_tag: str = "div"
    separator: str = "after"
    """Where the colon goes: "after" (`</div>&nbsp;:&nbsp;`), "inside" (`Label&nbsp;:</div>`),
    "attached" (`Label:</div>`), "spaced" (`</span> : `) or "none"."""
    shared_items: str = ""
    """How entries sharing a list item are separated: "" (they do not share), "br", "divs" (one
    `div` each, as the real standard page does), "markup" (nothing but the elements)."""
    abbreviation: str = "({})"
    """How "TPM"/"EM" follow the role: "({})", "[{}]", or "" for not at all."""
    iso_prefix: bool = False
    """"ISO Technical Programme Manager" rather than "Technical Programme Manager"."""
    term_after_name: bool = False
    """"Ms X (until end 2027)" rather than "Chairperson (until end 2027)"."""
    subgroup_mark: str = ""
    """A footnote mark after subgroup types, as in CASCO's "Working group *"."""
    subcommittee_label: str = "Subcommittee"
    counter_mark: str = "*"


PAGE_STYLES = {
    CASCO_ID: PageStyle(shared_items="br", abbreviation="[{}]", iso_prefix=True, subgroup_mark=" *"),
    53882: PageStyle(heading="br", separator="inside", shared_items="divs"),
    45306: PageStyle(),
    54808: PageStyle(
        heading="h1+h2", label_tag="span", separator="attached", abbreviation="", iso_prefix=True,
        subgroup_mark=" **", subcommittee_label="Sub committee",
    ),
    54916: PageStyle(heading="h1+p", separator="none", shared_items="markup"),
    537864: PageStyle(heading="h1+span", label_tag="span", separator="spaced", shared_items="markup"),
    6131376: PageStyle(heading="newlines", shared_items="br"),
    8300629: PageStyle(heading="self-link", term_after_name=True),
    4395817: PageStyle(separator="inside"),
    10138914: PageStyle(heading="tight spans", label_tag="span", counter_mark="**"),
}
"""Every committee's page style; between them they cover every documented variant."""
DEFAULT_STYLE = PageStyle()
MEMBERSHIP_LABELS = {
    "member_body": "Member body",
    "correspondent_member": "Correspondent member",
    "subscriber_member": "Subscriber member",
}


def page_path(kind: str, page_id: int) -> str:
    return f"/{kind}/{page_id}.html"


def href(kind: str, page_id: int, variant: int = 0) -> str:
    """A link to a page, spelled in one of the ways iso.org spells links."""
    padded = f"{page_id:06d}"
    spellings = (
        page_path(kind, page_id),
        f"/fr{page_path(kind, page_id)}",
        f"https://www.iso.org{page_path(kind, page_id)}",
        f"/cms/render/live/en/sites/isoorg/contents/data/{kind}/{padded[:2]}/{padded[2:4]}/{page_id}.html",
        f"https://committee.iso.org{page_path(kind, page_id)}",
    )
    return spellings[variant % len(spellings)]


def _text(value: str) -> str:
    """Escaped text whose first space is a non-breaking one, as Jahia writes many names."""
    return escape(value).replace(" ", "&nbsp;", 1)


def _layout(*, title: str, path: str, page_type: str, main: str) -> str:
    padded = path.rsplit("/", 1)[-1].split(".")[0].zfill(6)
    kind = path.strip("/").split("/")[0]
    return f"""<!DOCTYPE html>
<html lang="en"><head><link rel="canonical" href="https://www.iso.org{path}">
  <link rel="alternate" hreflang="fr" href="https://www.iso.org/fr{path}">
  <link rel="alternate" hreflang="ru" href="https://www.iso.org/ru{path}">
  <meta charset="utf-8">
  <title>{escape(title)}</title>
      <script>
        dataLayer = [{{
          'pageType': '{page_type}',
          'pageLanguage': 'en',
          'pageMode': 'live',
          'pageServer': 'prod'
        }}];
      </script>

  <!-- OneTrust Cookies Consent Notice start for www.iso.org -->
  <script type="text/javascript" src="https://cdn.cookielaw.org/consent/7a2b6a3e-fd0e-4f5c-9f5e-7b0c3c1f3a6e/OtAutoBlock.js"></script>
  <script src="https://cdn.cookielaw.org/scripttemplates/otSDKStub.js" type="text/javascript" charset="UTF-8" data-domain-script="7a2b6a3e-fd0e-4f5c-9f5e-7b0c3c1f3a6e"></script>
  <script type="text/javascript">
    function OptanonWrapper() {{ }}
  </script>
  <!-- OneTrust Cookies Consent Notice end for www.iso.org -->
  <script type="text/plain" class="optanon-category-C0002">
    (function(w,d,s,l,i){{w[l]=w[l]||[];w[l].push({{'gtm.start': new Date().getTime(),event:'gtm.js'}});}})(window,document,'script','dataLayer','GTM-TFGKQQB');
  </script>
  <style>
  .nav-utility {{ padding: 5px; z-index: 1024; position: relative; }}
  @media (max-width: 1199.98px) {{ section.section-navigation {{ padding-top: 1.875rem; }} }}
  </style>
</head>

    <!-- Topbar utility -->

    <body class="theme-red lang-en {page_type.replace(':', '-')} is-prod is-live" id="page-top">
      <a class="skip-navigation btn btn-info visually-hidden visually-hidden-focusable" href="#content">Skip to main content</a>
      <nav role="navigation" aria-label="Utility Navigation" class="nav-utility navbar-expand-lg text-sm navbar-dark bg-darkergray text-light">
        <div class="container d-flex justify-content-between">
          <ul class="nav d-flex justify-content-end" id="utilities">
            <li class="nav-item d-none d-sm-block">
              <a href="https://login.iso.org" class="nav-link d-flex align-items-center" title="ISO's applications portal"><i class="bi-grid-3x3-gap-fill"></i>&nbsp;Applications</a>
            </li>
            <li class="nav-item dropdown" id="lang-switcher">
    <a id="lang-dropdown" class="nav-link dropdown-toggle" data-bs-toggle="dropdown" href="#" aria-expanded="false">English</a>
    <ul class="dropdown-menu dropdown-menu-end" role="menu" aria-labelledby="lang-dropdown">
      <li class="lang-es "><a class="dropdown-item " href="/es/contents/data/{kind}/{padded[:2]}/{padded[2:4]}/{path.rsplit('/', 1)[-1]}">español</a></li><li class="lang-fr "><a class="dropdown-item " href="/fr{path}">français</a></li><li class="lang-ru "><a class="dropdown-item " href="/ru{path}">русский</a></li></ul>
  </li></ul>
        </div>
      </nav>

      <!-- Header ISO.ORG -->
      <header class="header-bootstrap sticky-top">
        <nav class="navbar nav-iso navbar-expand-lg navbar-light shadow-md bg-white text-dark">
          <div class="container">
            <a class="logo logo-square isologo logo-sm" href="/home.html" title="International Organization for Standardization" alt="ISO logo"></a>
            <nav role="navigation" aria-label="Main Navigation" class="nav-megamenu collapse navbar-collapse" id="mainNav"><ul role="menubar" class="navbar-nav me-auto mb-lg-0 ps-2 pe-2 nav-level1">
              <li role="menuitem" class="nav-item"><a class="nav-link" href="/standards.html">Standards</a></li>
              <li role="menuitem" class="nav-item"><a class="nav-link" href="/sectors.html">Sectors</a></li>
              <li role="menuitem" class="nav-item"><a class="nav-link" href="/about-us.html">About ISO</a></li>
              <li role="menuitem" class="nav-item"><a class="nav-link" href="/members.html">Members</a></li>
              <li role="menuitem" class="nav-item"><a class="nav-link" href="/technical-committees.html">Technical committees</a></li>
            </ul></nav>
            <form class="navbar-form flex-lg-grow-1" role="search" id="siteSearch" action="/search.html"></form>
          </div>
        </nav>
      </header>

      <!-- MAIN CONTENT -->
      <main role="main" id="content" class="acer" aria-label="Content" tabindex="-1">
{main}
      </main>

      <footer class="footer-iso footer-dark bg-darkergray">
        <div class="container">
          <ul class="list-inline">
            <li class="list-inline-item"><a href="/privacy-and-copyright.html">Privacy and copyright</a></li>
            <li class="list-inline-item"><a href="/working-with-iso.html">Working with ISO</a></li>
          </ul>
          <button id="ot-sdk-btn" class="ot-sdk-show-settings">Cookie Settings</button>
          <p class="lead">Great things happen when the world agrees</p>
        </div>
      </footer>
    </body>
</html>
"""


def _heading_nav(head_line: str, heading: str) -> str:
    return f"""
  <section class="section-navigation bg-lightgray">
      <div class="container">
        <div class="row">
          <div class="col-md-7">
                <nav role="navigation" aria-label="Children Navigation" class="heading-condensed nav-relatives">
    <div class="section-head wrap-hyphens">
      {head_line}
    </div>
    {heading}
  </nav>
          </div>"""


def _labelled(label: str, value: str, style: PageStyle = DEFAULT_STYLE) -> str:
    """A label and its value, with the colon where this page puts it."""
    tag, label = style.label_tag, escape(label)
    return {
        "after": f'<{tag} class="entry-label">{label}</{tag}>&nbsp;:&nbsp;{value}',
        "inside": f'<{tag} class="entry-label">{label}&nbsp;:</{tag}>\n              {value}',
        "attached": f'<{tag} class="entry-label">{label}:</{tag}> {value}',
        "spaced": f'<{tag} class="entry-label">{label}</{tag}> : {value}',
        "none": f'<{tag} class="entry-label">{label}</{tag}> {value}',
    }[style.separator]


def _item(entries: list[str], style: PageStyle = DEFAULT_STYLE) -> str:
    """One list item holding one or more labelled entries."""
    if style.shared_items == "divs" or len(entries) == 1:
        inner = "".join(f'\n            <div class="">\n              {entry}\n            </div>' for entry in entries)
    else:
        joined = "<br>\n              " if style.shared_items == "br" else " "
        inner = f'\n            <div class="">\n              {joined.join(entries)}\n            </div>'
    return f"\n          <li>{inner}\n          </li>"


def _entry(label: str, value: str) -> str:
    return _item([_labelled(label, value)])


def _table(table_id: str, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "\n            <tr>"
        + "".join(f'\n              <td data-title="{escape(h)}">\n                {cell}\n              </td>' for h, cell in zip(headers, row))
        + "\n            </tr>"
        for row in rows
    )
    id_attribute = f' id="{table_id}"' if table_id else ""
    return f"""
        <table class="table table-striped responsive-table"{id_attribute}>
          <thead><tr>{head}</tr></thead>
          <tbody>{body}
          </tbody>
        </table>"""


def _committee_heading(committee: CommitteeData, style: PageStyle) -> tuple[str, str]:
    """The heading nav's first line and its heading, laid out as `style.heading` says."""
    cid, reference, title = committee.committee_id, escape(committee.reference), escape(committee.title)
    if committee.parent_id:
        head_line = f'<a href="{href("committee", committee.parent_id)}" title="Parent committee">{escape(_parent_reference(committee.reference))}</a>'
    else:
        head_line = '<a href="/technical-committees.html" title="Committees">Committees</a>'
    if committee.status != "active":
        reference += f'&nbsp;<span class="badge bg-warning">[{committee.status.upper()}]</span>'
    headings = {
        "spans": f"""<h1>
      <span class="d-block mb-3 ">{reference}</span>
      <span class="lead d-block mb-3">{title}</span></h1>""",
        "tight spans": f'<h1><span class="d-block mb-3">{reference}</span><span class="lead d-block mb-3">{title}</span></h1>',
        "br": f"<h1>{reference}<br>{title}</h1>",
        "newlines": f"<h1>\n      {reference}\n      {title}\n    </h1>",
        "h1+h2": f"<h1>{reference}</h1>\n    <h2>{title}</h2>",
        "h1+p": f"<h1>{reference}</h1>\n    <p class=\"lead\">{title}</p>",
        "h1+span": f"<h1>{reference}</h1>\n    <span class=\"lead\">{title}</span>",
        "self-link": f"<h1>{title}</h1>",
    }
    if style.heading == "self-link":
        head_line = f'<a href="{href("committee", cid)}">{reference}</a>'
    return head_line, headings[style.heading]


def _committee_header(data: SiteState, committee: CommitteeData) -> str:
    cid = committee.committee_id
    style = PAGE_STYLES.get(cid, DEFAULT_STYLE)
    mark = f"&nbsp;{style.counter_mark}"
    counters = (
        (committee.published_standards, f"Published ISO standards{mark}", f"/committee/{cid}/x/catalogue/p/1/u/0/w/0/d/0"),
        (committee.standards_under_development, f"ISO standards under development{mark}", f"/committee/{cid}/x/catalogue/p/0/u/1/w/0/d/0"),
        (len(committee.p_members), "Participating members", f"/committee/{cid}.html?view=participation#participating"),
        (len(committee.o_members), "Observing members", f"/committee/{cid}.html?view=participation#observing"),
    )
    numbers = "".join(
        f"""
            <li>
              <a href="{link}">
                <span class="key-number">{number:,}</span>
                <span class="key-label">{label}</span>
              </a>
            </li>"""
        for number, label, link in counters
    )
    return (
        _heading_nav(*_committee_heading(committee, style))
        + f"""
          <div class="col-md-4 col-md-offset-1">
            <ul class="list-unstyled key-numbers">{numbers}
            </ul>
            <p class="text-xs">{escape(style.counter_mark)} number includes updates</p>
          </div>
        </div>
      </div>
    </section>"""
    )


def _parent_reference(reference: str) -> str:
    return reference.rsplit("/", 1)[0]


def _member_link(data: SiteState, member_id: int, variant: int) -> str:
    body = data.member_bodies[member_id]
    return f'<a href="{href("member", member_id, variant)}" title="{escape(body.name or body.acronym)}">{escape(body.acronym)}</a>'


def _liaison_section(data: SiteState, committee: CommitteeData) -> str:
    cid, reference = committee.committee_id, committee.reference
    parts = []
    for direction, partners in (("to", data.liaisons_to(cid)), ("from", data.liaisons_from(cid))):
        if partners:
            rows = [
                (
                    f'<a href="{href("committee", p, i)}">{escape(data.committees[p].reference)}</a>',
                    escape(data.committees[p].title),
                )
                for i, p in enumerate(partners)
            ]
            parts.append(
                f"\n        <h3>Liaison Committees {direction} {escape(reference)}</h3>"
                + _table("", ("Reference", "Title"), rows)
            )
    for heading, categories in (("(Category A and B)", "AB"), ("(Category C)", "C")):
        liaisons = [(org, cat) for org, cat in committee.organization_liaisons if cat in categories]
        if liaisons:
            rows = [
                (
                    f'<a href="{href("organization", org, i)}">{escape(data.organizations[org].acronym)}</a>',
                    escape(data.organizations[org].name),
                    cat,
                )
                for i, (org, cat) in enumerate(liaisons)
            ]
            parts.append(
                f"\n        <h3>Organizations in liaison&nbsp;{heading}</h3>"
                + _table("", ("Acronym", "Title", "Category"), rows)
            )
    return f"""
    <section id="section-liaisons" class="section-md">
      <div class="container">
        <h2>Liaisons</h2>{"".join(parts)}
      </div>
    </section>"""


def _officer_label(officer: OfficerData, style: PageStyle) -> str:
    label = ROLE_LABELS[officer.role]
    if officer.role in ROLE_ABBREVIATIONS:
        label = ("ISO " if style.iso_prefix else "") + label
        if style.abbreviation:
            label += " " + style.abbreviation.format(ROLE_ABBREVIATIONS[officer.role])
    if officer.term and not style.term_after_name:
        label += f" ({officer.term})"
    return label


def _committee_details(data: SiteState, committee: CommitteeData, style: PageStyle) -> str:
    """The details list: secretariat (a member body; none for CASCO, whose Secretary is a person), officers, creation date."""
    entries: list[tuple[str | None, str]] = []
    if committee.secretariat_id:
        link = _member_link(data, committee.secretariat_id, 0)
        entries.append(("secretariat", _labelled("Secretariat", f'<span class="entry-name">{link}</span>', style)))
    for officer in committee.officers:
        shown = officer.name + (f" ({officer.term})" if officer.term and style.term_after_name else "")
        value = f'<span class="entry-name">{_text(shown)}</span>'
        entries.append((_SHARED_ITEM.get(officer.role), _labelled(_officer_label(officer, style), value, style)))
    entries.append((None, _labelled("Creation date", str(committee.created), style)))
    items: list[list[str]] = []
    previous = None
    for group, entry in entries:
        if style.shared_items and group is not None and group == previous:
            items[-1].append(entry)
        else:
            items.append([entry])
        previous = group
    return "".join(_item(item, style) for item in items)


def committee_page(data: SiteState, committee: CommitteeData) -> str:
    cid = committee.committee_id
    style = PAGE_STYLES.get(cid, DEFAULT_STYLE)
    subgroup_types = {**SUBGROUP_TYPE_LABELS, "subcommittee": style.subcommittee_label}
    scope = "".join(f"\n              <p>{escape(paragraph)}</p>" for paragraph in committee.scope)
    subgroups = ""
    if committee.subgroups:
        rows = [
            (
                f'<a href="{href("committee", s.subgroup_id, i)}">{escape(s.reference)}</a>' if s.subgroup_id else escape(s.reference),
                escape(s.title),
                subgroup_types[s.type] + style.subgroup_mark,
            )
            for i, s in enumerate(committee.subgroups)
        ]
        subgroups = f"""
    <section id="section-children" class="section-md">
      <div class="container">
        <h3>Subcommittees and working groups</h3>{_table("datatable-committee-children", ("Reference", "Title", "Type"), rows)}
      </div>
    </section>"""
    main = f"""
  <div class="committee-container" id="committee-{cid}">{_committee_header(data, committee)}
    <section id="section-details">
      <div class="container">
        <div class="row">
          <div class="col-md-7">
            <ul class="refine">{_committee_details(data, committee, style)}
            </ul>
            <div class="d-flex justify-content-between align-items-center"><h2>Scope</h2></div>
              <div itemprop="description">{scope}
              </div>
          </div>
        </div>
      </div>
    </section>{subgroups}{_liaison_section(data, committee)}
  </div>"""
    return _layout(title=f"{committee.reference} - {committee.title}", path=page_path("committee", cid), page_type="its:committee", main=main)


def participation_page(data: SiteState, committee: CommitteeData) -> str:
    cid = committee.committee_id
    if committee.secretariat_id:
        secretariat_body = data.member_bodies[committee.secretariat_id]
        secretariat = f'<span class="entry-name">{_member_link(data, committee.secretariat_id, 2)}&nbsp;({escape(secretariat_body.country)})</span>'
    else:
        secretariat = '<span class="entry-name">ISO Central Secretariat</span>'
    tables = ""
    for anchor, heading, table_id, members in (
        ("participating", "Participating members", "datatable-PART_P_OC", committee.p_members),
        ("observing", "Observing members", "datatable-PART_O_OC", committee.o_members),
    ):
        ordered = sorted(members, key=lambda m: data.member_bodies[m].country)
        rows = [
            (escape(data.member_bodies[m].country), _member_link(data, m, i))
            for i, m in enumerate(ordered)
        ]
        tables += f"""
        <h3 id="{anchor}">{heading}&nbsp;<span class="badge bg-secondary">{len(members)}</span></h3>{_table(table_id, ("Country/Territory", "Acronym"), rows)}"""
    main = f"""
  <div class="committee-container" id="committee-{cid}">{_committee_header(data, committee)}
    <section id="section-participation" class="section-md">
      <div class="container">
        <ul class="refine">{_entry("Secretariat", secretariat)}
        </ul>{tables}
      </div>
    </section>
  </div>"""
    return _layout(title=f"{committee.reference} - Participation", path=page_path("committee", cid), page_type="its:committee", main=main)


def member_page(data: SiteState, member_id: int) -> str:
    body = data.member_bodies[member_id]
    name = f"\n    <h2>{escape(body.name)}</h2>" if body.name else ""
    participation = {
        "Secretariat": sum(c.secretariat_id == member_id for c in data.committees.values()),
        "Participating member": sum(member_id in c.p_members for c in data.committees.values()),
        "Observing member": sum(member_id in c.o_members for c in data.committees.values()),
    }
    counters = "".join(
        f'\n              <li><span><a href="/member/{member_id}.html?view=participation&amp;t={code}">{count}</a></span>&nbsp;{label}</li>'
        for (label, count), code in zip(participation.items(), ("S", "PT", "OT"))
    )
    sidebar = ""
    if body.address:
        sidebar += _entry("Address", "<address>" + "<br>\n                ".join(escape(line) for line in body.address) + "</address>")
    if body.website:
        sidebar += _entry("Website", f'<a href="{escape(body.website)}" target="_blank">{escape(body.website.split("//", 1)[1])}</a>')
    main = f"""
  <div class="member-container" id="member-{member_id}">{_heading_nav(f'<a href="{href("member", member_id)}">{escape(body.acronym)}</a>', name)}
        </div>
      </div>
    </section>
    <section id="section-details">
      <div class="container">
        <div class="row">
          <div class="col-md-7">
            <ul class="refine">{_entry("Country/Territory", escape(body.country))}{_entry("Membership", f"<span>{MEMBERSHIP_LABELS[body.membership_type]}</span>")}
            </ul>
            <h3>TC participation</h3>
            <ul class="list-unstyled">{counters}
            </ul>
          </div>
          <div class="col-md-4 col-md-offset-1 top-md-push-4">
            <ul class="list-unstyled">{sidebar}
            </ul>
          </div>
        </div>
      </div>
    </section>
  </div>"""
    return _layout(title=f"{body.acronym} - {body.name or body.country}", path=page_path("member", member_id), page_type="its:member", main=main)


def organization_page(data: SiteState, organization_id: int) -> str:
    org = data.organizations[organization_id]
    heading = f"<h1>{escape(org.acronym)}</h1>\n    <h2>{escape(org.name)}</h2>"
    country = _entry("Country/Territory", escape(org.country)) if org.country else ""
    rows = [
        (
            f'<a href="{href("committee", cid, i)}">{escape(data.committees[cid].reference)}</a>',
            escape(data.committees[cid].title),
            category,
        )
        for i, (cid, category) in enumerate(data.committees_in_liaison_with(organization_id))
    ]
    main = f"""
  <div class="organization-container" id="organization-{organization_id}">{_heading_nav('<a href="/organizations-in-cooperation-with-iso.html">Organizations in cooperation with ISO</a>', heading)}
        </div>
      </div>
    </section>
    <section id="section-details">
      <div class="container">
        <ul class="refine">{country}
        </ul>
        <h3>Liaisons</h3>{_table("datatable-participations", ("Committee", "Title", "Liaison type"), rows)}
      </div>
    </section>
  </div>"""
    return _layout(title=f"{org.acronym} - {org.name}", path=page_path("organization", organization_id), page_type="its:organization", main=main)


CATALOGUE_LABELS = {"under_development": "[Under development]", "withdrawn": "[Withdrawn]", "deleted": "[Deleted]"}
STATUS_LABELS = {"published": "Published", "under_development": "Under development", "withdrawn": "Withdrawn",
                 "deleted": "Deleted"}


def catalogue_path(committee_id: int) -> str:
    return f"/committee/{committee_id}/x/catalogue/p/1/u/1/w/1/d/1"


def catalogue_page(data: SiteState, committee: CommitteeData, documents: tuple[DeliverableData, ...] | None = None) -> str:
    """The committee's catalogue of every status (`documents`: a different list, for a test's faulty page)."""
    cid = committee.committee_id
    rows = "".join(
        f"""
            <tr>
              <td data-title="Standard and/or project">
                <div class="fg-normal">
                  <div class="entry-name entry-block">
                    <a href="/standard/{d.deliverable_id}.html?browse=tc" title="{escape(d.reference)}">{_text(d.reference)}</a>
                    {f'<span class="small text-muted">{CATALOGUE_LABELS[d.status]}</span>' if d.status in CATALOGUE_LABELS else ''}
                  </div>
                  <div class="entry-summary">{escape(d.title)}</div>
                </div>
              </td>
              <td data-title="Stage" class="text-center"><a href="/stage-codes.html#{d.stage.replace('.', '_')}">{d.stage}</a></td>
              <td data-title="ICS" class="text-center"><a href="/ics/03.120.20.html">03.120.20</a></td>
            </tr>"""
        for d in (data.work_programme(cid) if documents is None else documents)
    )
    main = f"""
  <div class="committee-container" id="committee-{cid}">{_committee_header(data, committee)}
    <section class="section-md" id="section-catalogue">
      <div class="container">
        <h3>Standards and projects under the direct responsibility of {escape(committee.reference)}</h3>
        <table class="table table-striped responsive-table" id="datatable-tc-projects">
          <thead><tr><th>Standard and/or project</th><th>Stage</th><th>ICS</th></tr></thead>
          <tbody>{rows}
          </tbody>
        </table>
      </div>
    </section>
  </div>"""
    return _layout(title=f"{committee.reference} - Catalogue", path=catalogue_path(cid), page_type="its:committee", main=main)


def _life_cycle_step(heading: str, ids: tuple[int, ...], data: SiteState) -> str:
    references = {d.deliverable_id: d for documents in data.work_programmes.values() for d in documents}
    items = "".join(
        f"""
                  <div class="step-item">
                    <div class="section-head">{STATUS_LABELS[references[i].status]}</div>
                    <h5><a href="/standard/{i}.html">{escape(references[i].reference)}</a></h5>
                  </div>"""
        for i in ids
    )
    return f"""
            <li class="time-step">
                <h4 class="ms-sm-3 text-muted">{heading}</h4>
                <div class="step step-dark">{items}
                </div>
              </li>"""


def standard_page(data: SiteState, committee: CommitteeData, document: DeliverableData) -> str:
    """A standard page in iso.org's current template (shared/iso-site/real-iso-standard-page-2023.html)."""
    did = document.deliverable_id
    stage_name = STAGE_CODES[document.stage]
    released = (
        f"""
    <div class="" id="publicationDate">
      <div class="entry-label">Publication date</div>&nbsp;:&nbsp;<span itemprop="releaseDate">{document.published}</span>
      </div>""" if document.published else ""
    )
    details = "".join(
        f"""
    <div class="">
      <div class="entry-label">{label}</div>&nbsp;:&nbsp;{value}</div>"""
        for label, value in (("Edition", document.edition), ("Number of pages", document.pages)) if value is not None
    )
    steps = ""
    if document.replaces:
        steps += _life_cycle_step("Previously", document.replaces, data)
    steps += f"""
            <li class="time-step">
              <h4 class="ms-sm-3 text-muted">Now</h4>
              <div class="step step-success active">
                    <div class="section-head">{STATUS_LABELS[document.status]}</div>
                    <h5>{escape(document.reference)}</h5>
                  <br/><a href="#stages" class="dropdown-toggle current-stage text-sm collapsed">Stage: <strong>{document.stage}</strong> ({escape(STAGE_NAMES[document.stage[:2]])})</a>
            </div></li>"""
    if replaced_by := data.replaced_by(did):
        steps += _life_cycle_step("Will be replaced by", replaced_by, data)
    main = f"""
<span class="visually-hidden" id="indexReference" data-index="{did} - {escape(document.reference)} - {escape(document.title)}"></span>
<span class="visually-hidden" id="itemReference">{escape(document.reference)}</span>
<div itemscope itemtype="https://schema.org/Product" class="its-standard-container" id="its-standard-{did}">
  <section class="section-navigation bg-lightgray">
    <div class="container">
      <div class="row">
        <div class="col-md-7">
          <div class="visually-hidden" itemprop="productID" id="csNumber">{did}</div>
          <nav role="navigation" aria-label="Children Navigation" class="heading-condensed nav-relatives">
  <div class="section-head section-back"></div>
  <h1>{escape(document.reference)}</h1>
  <h2 class="mt-0 ">{escape(document.title)}</h2></nav>
        </div>
      </div>
    </div>
  </section>
<section id="product-details">
    <div class="container">
      <div class="row">
        <div class="col-md-4 col-md-offset-1">
<ul class="refine">
  <li>
    <div class="" id="publicationStatus">
      <div class="entry-label">Status</div>&nbsp;:&nbsp;<span>{STATUS_LABELS[document.status]}</span>
      </div>{released}
    <div class="" id="stageId">
        <div class="entry-label">Stage</div> : {escape(stage_name)} [<a class="page-scroll" href="#lifecycle">{document.stage}</a>]
      </div>
    </li>
  <li>{details}
  </li>
  <li>
    <div>
        <div class="entry-label">Technical Committee&nbsp;:</div>
        <span class="entry-name entry-block">
          <a title="{escape(committee.title)}" href="{href("committee", committee.committee_id)}">{escape(committee.reference)}</a></span>
      </div>
  </li>
</ul>
        </div>
      </div>
    </div>
</section>
</div> <section id="lifecycle">
  <div class="container">
    <div class="row">
      <div class="col-md-12">
        <h3>Life cycle</h3>
        <div class="lifecycle">
          <ul class="steps">{steps}
          </ul>
        </div>
      </div>
    </div>
  </div>
</section>"""
    return _layout(title=f"{document.reference} - {document.title}", path=page_path("standard", did), page_type="its:standard", main=main)


def render_site(state: str) -> dict[str, str]:
    """Every file of one state, by path relative to the state's folder."""
    data = site(state)
    files = {"robots.txt": ROBOTS}
    for committee in data.committees.values():
        files[f"committee/{committee.committee_id}.html"] = committee_page(data, committee)
        files[f"committee/{committee.committee_id}.participation.html"] = participation_page(data, committee)
        files[f"committee/{committee.committee_id}.catalogue.html"] = catalogue_page(data, committee)
        for document in data.work_programme(committee.committee_id):
            files[f"standard/{document.deliverable_id}.html"] = standard_page(data, committee, document)
    for member_id in data.members_of(data.committees):
        files[f"member/{member_id}.html"] = member_page(data, member_id)
    for organization_id in data.organizations_of(data.committees):
        files[f"organization/{organization_id}.html"] = organization_page(data, organization_id)
    return files


def write_site(root: Path = DEFAULT_OUTPUT) -> None:
    """Rewrites each state's folder from scratch, so a page dropped from the data leaves no stale file."""
    for state in STATES:
        shutil.rmtree(root / state, ignore_errors=True)
        for relative, content in render_site(state).items():
            target = root / state / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")


if __name__ == "__main__":
    import sys

    write_site(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT)
