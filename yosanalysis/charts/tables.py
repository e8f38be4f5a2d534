"""Tables for readers, as real HTML tables (pandas Stylers), never pictures of text: a caption,
`<th scope="col">` headers, and stars that a screen reader reads as a number of stars.
"""

from __future__ import annotations

import jinja2
import pandas as pd
from pandas.io.formats.style import Styler

from yosanalysis.format import slug, stars, stars_spoken
from yosanalysis.schemes import get_scheme

__all__ = ["data_table", "descriptor_table"]

# pandas' own table template, with every header cell given its scope: `col` in the head, `row`
# for row headers in the body (WCAG 1.3.1; axe's `th-has-data-cells`/`scope-attr-valid`).
_TEMPLATE = """{% extends "html_table.tpl" %}
{% macro cell(c, scope) -%}
<{{c.type}}{% if c.type == "th" %} scope="{{scope}}"{% endif %}
{%- if not exclude_styles and c.id is defined %} id="T_{{uuid}}_{{c.id}}"{% endif %}
{%- if not exclude_styles %} class="{{c.class}}"{% endif %} {{c.attributes}}>
{{- c.display_value -}}
</{{c.type}}>
{%- endmacro %}
{% block head_tr %}
    <tr>
{% for c in r %}
{% if c.is_visible != False %}
      {{ cell(c, "col") }}
{% endif %}
{% endfor %}
    </tr>
{% endblock head_tr %}
{% block tr %}
    <tr>
{% for c in r %}
{% if c.is_visible != False %}
      {{ cell(c, "row") }}
{% endif %}
{% endfor %}
    </tr>
{% endblock tr %}
"""


class AccessibleStyler(Styler):
    """A pandas Styler whose HTML header cells carry `scope` attributes."""

    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.DictLoader({"yos_table.tpl": _TEMPLATE}), Styler.loader]
        ),
        trim_blocks=True,
    )
    template_html_table = env.get_template("yos_table.tpl")


_TABLE_STYLES = [
    {"selector": "", "props": "border-collapse: collapse; font-variant-numeric: tabular-nums;"},
    {"selector": "caption", "props": "caption-side: top; text-align: left; font-weight: bold;"},
    {"selector": "th, td", "props": "padding: 0.25em 0.75em; text-align: left;"},
    {"selector": "thead th", "props": "border-bottom: 2px solid #0B0C0C;"},
    {"selector": "tbody td, tbody th", "props": "border-bottom: 1px solid #B1B4B6;"},
]


def data_table(data: pd.DataFrame, caption: str, *, decimals: int = 0) -> Styler:
    """A DataFrame as an accessible HTML table: its caption, `<th scope="col">` headers, no index,
    numbers with `decimals` places, missing values shown as an en dash, every value escaped.

    >>> table = pd.DataFrame({"Theme": ["Protecting <the> public"], "Score (%)": [91.25]})
    >>> html = data_table(table, "Theme scores").to_html()
    >>> '<th scope="col"' in html and "<caption>Theme scores</caption>" in html
    True
    >>> "Protecting &lt;the&gt; public" in html and ">91<" in html
    True
    """
    uuid = slug(caption, "table")[:40].strip("-") or "table"
    styler = AccessibleStyler(data, uuid=uuid, cell_ids=False)
    return (
        styler.hide(axis="index")
        .format(precision=decimals, na_rep="–", escape="html", thousands=",")
        .set_caption(caption)
        .set_table_styles(_TABLE_STYLES)
    )


def _star_cell(stars: str) -> str:
    return (f'<span role="img" aria-label="{stars_spoken(stars.count("★"), len(stars))}">'
            f"{stars}</span>")


def descriptor_table(scheme: str = "hmip-2013") -> Styler:
    """The rating scheme's descriptor table, as the seed board paper prints it: "Case assessment
    scores", "Descriptor" and "Stars", one row per band (highest first), as a real HTML table with
    a caption. The stars read to a screen reader as "4 of 4 stars" (`format.stars_spoken`, as on
    every page); a scheme without stars (`hmip-2018`) has no Stars column. Where the scheme
    carries a caveat (the 2013 descriptors were "not directly applied" to SQS), the caption
    quotes it. The plain table is the Styler's `.data`.

    >>> table = descriptor_table()
    >>> table.data.values.tolist()[0]
    ['80% +', 'Good', '★★★★']
    >>> html = table.to_html()
    >>> '<th scope="col"' in html and "<caption>" in html
    True
    >>> 'aria-label="3 of 4 stars"' in html, "not directly applied" in html
    (True, True)
    >>> descriptor_table("hmip-2018").data.columns.tolist()
    ['Overall points', 'Descriptor']
    """
    sch = get_scheme(scheme)
    frame = pd.DataFrame({"Descriptor": [b.label for b in sch.bands]})
    if sch.measure != "rating":  # a rating-only scheme (hmip-2025) publishes no numbers
        measure = "Case assessment scores" if sch.measure == "percent" else "Overall points"
        frame.insert(0, measure, [b.text or f"{b.min:g}+" for b in sch.bands])
    if sch.has_stars:  # stars only where the scheme has them (HMIP's ratings from 2018 have none)
        out_of = max(4, *(b.stars or 0 for b in sch.bands))
        frame["Stars"] = [stars(b.stars, out_of) for b in sch.bands]
    styler = (AccessibleStyler(frame, uuid=f"descriptors-{sch.name}", cell_ids=False)
              .hide(axis="index").format(escape="html"))
    if sch.has_stars:
        styler = styler.format(_star_cell, subset=["Stars"])
    caption = sch.title + (f". {sch.caveat}" if sch.caveat else "")
    return (
        styler
        .set_caption(caption)
        .set_table_styles(_TABLE_STYLES)
    )
