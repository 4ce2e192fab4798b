"""The demand page: every indicator of the domain, with benchmarks and drill-down."""

from views.page import domain_page

domain_page("demand")
