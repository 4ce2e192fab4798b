"""The accessibility statement, in the GOV.UK model: what conforms, what does not and why, and how to ask for
another format. The exceptions it lists are the only axe-core findings the browser tests accept."""

from __future__ import annotations

import html

import streamlit as st

from views import privacy, resources, state

#: axe-core findings that come from Streamlit's own markup and that the project cannot change by supported means:
#: (axe rule id, what it finds, why, the Streamlit issue it depends on). The browser tests fail on any finding not
#: listed here. Empty means every page passes with no exception.
KNOWN: tuple[tuple[str, str, str, str], ...] = ()

PUBLISHED = "24 November 2026"


def render() -> None:
    state.publish({"area": state.area()})
    st.title("Accessibility statement")
    st.markdown(
        "This statement applies to the adult social care scrutiny dashboard. It is run for councillors, scrutiny "
        "officers, heads of service and the public. We want as many people as possible to be able to use it: you "
        "should be able to\n\n"
        "- zoom in up to 400% without the text spilling off the screen; at 200% the menu starts closed and opens "
        "and closes from the keyboard\n"
        "- use a narrow screen (320 pixels wide) without scrolling sideways: charts and long tables scroll inside "
        "their own boxes, which the keyboard can reach\n"
        "- move through every page with a keyboard alone, with the focus always visible\n"
        "- use a screen reader: every chart has a text alternative that names its axes, each line and the latest "
        "point, a data table of exactly what is plotted, and a CSV download\n"
        "- read every figure without relying on colour: lines also differ by dash and marker, demonstration data is "
        "drawn hollow or hatched and labelled in words, and verdicts are written out with a symbol (✔ significantly better, ✖ significantly worse, ≈ similar, – not tested)"
    )
    st.header("How accessible this dashboard is", divider="gray")
    st.markdown(
        "We test every page with axe-core (the WCAG 2.0, 2.1 and 2.2 A and AA rules) in a real browser on every "
        "change, in the default view and with the SPC view, a breakdown and the data tables open; and by hand with "
        "the keyboard at 200% zoom and at 320 pixels wide. Text is at least 4.5:1 against its background, and chart "
        "lines, markers, band edges and bars at least 3:1."
    )
    if KNOWN:
        items = "".join(
            f"<li><b>{html.escape(what)}</b> ({html.escape(rule)}): {html.escape(why)} "
            f'<a href="{html.escape(url)}">Streamlit issue</a></li>'
            for rule, what, why, url in KNOWN
        )
        st.html(f"<p>We know these parts are not fully accessible:</p><ul>{items}</ul>")
    st.header("Compliance status", divider="gray")
    st.markdown(
        "This dashboard is designed to meet the [Web Content Accessibility Guidelines version 2.2]"
        "(https://www.w3.org/TR/WCAG22/) AA standard. It is **partially compliant**, for the reasons below."
    )
    st.header("Non-accessible content", divider="gray")
    st.markdown(
        "- **Hover text on chart points** is read by mouse users only; the same figures, with their sources, are in "
        "each chart's data table and CSV, and the chart's text alternative states the latest point of every line.\n"
        "- **The SPC chart** is drawn by a charting library (plotly) whose points a screen reader cannot step "
        "through; its text alternative tells how the series moved, each period of limits with its signals in "
        "words, and the finding, and the SPC table lists every point.\n"
        "- **The meeting pack's PDF** gives each chart its text alternative, but its headings and reading order "
        "are not yet tagged (PDF/UA). **Its PowerPoint** has each slide's title in its title placeholder, a "
        "summary as a real table and each chart's text alternative, but the definition and source lines are set "
        "below 12 points. Ask for the figures as a spreadsheet or in another format (below).\n"
        "- **Maps** are not used; where a figure is broken down by locality, the breakdown is a chart with a table."
    )
    contact = resources.settings().contact
    st.header("What to do if you cannot use this dashboard", divider="gray")
    st.markdown(
        "If you need the information in a different format, such as large print, an accessible document, an audio "
        f"recording or braille, contact **{privacy.plain(contact.team)}**: e-mail {privacy.mail(contact.email)}, "
        f"telephone {privacy.plain(contact.phone)}. They can send you the meeting pack's figures as a spreadsheet "
        "(every chart's CSV) or in the format you need. We aim to reply within 5 working days.\n\n"
        f"If you find a problem not listed here, tell {privacy.plain(contact.team)} the same way. If you are not "
        "happy with how we "
        "respond, contact the [Equality Advisory and Support Service (EASS)]"
        "(https://www.equalityadvisoryservice.com/). The Equality and Human Rights Commission enforces the Public "
        "Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018."
    )
    st.header("Preparation of this statement", divider="gray")
    st.markdown(
        f"This statement was prepared on {PUBLISHED}. It is reviewed with every release that changes a page; "
        "the automated checks run on every change."
    )
