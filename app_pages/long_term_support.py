"""The long term support page: every indicator of the domain, with benchmarks and drill-down."""

from views.page import domain_page

domain_page("long_term_support")
