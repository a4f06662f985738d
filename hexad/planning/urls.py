"""Planning pages under /planning/: the portfolio of plans and reviews, "my work", the
calendar feed, and everything of one account below /planning/accounts/<account_pk>/."""

from django.urls import path

from hexad.planning import views

app_name = "planning"

account = "accounts/<int:account_pk>/"

urlpatterns = [
    path("", views.portfolio, name="portfolio"),
    path("my-work/", views.my_work, name="my-work"),
    path("my-work/settings/", views.my_settings, name="my-settings"),
    path("my-work/calendar/new/", views.calendar_create, name="calendar-create"),
    path("my-work/calendar/revoke/", views.calendar_revoke, name="calendar-revoke"),
    path("my-work/digest/", views.digest_toggle, name="digest-toggle"),
    path("my-work/actions/<int:pk>/status/", views.my_action_status, name="my-action-status"),
    # The calendar feed opens with its secret token alone (calendar apps send no session).
    path("ics/<slug:token>.ics", views.ics_feed, name="ics-feed"),
    path(f"{account}summary/", views.account_summary, name="account-summary"),
    path(f"{account}plans/", views.plans, name="plans"),
    path(f"{account}plans/new/", views.plan_create, name="plan-create"),
    path(f"{account}plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path(f"{account}plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path(f"{account}plans/<int:pk>/sections/", views.plan_sections, name="plan-sections"),
    path(f"{account}plans/<int:pk>/close/", views.plan_close, name="plan-close"),
    path(f"{account}plans/<int:pk>/objectives/add/", views.objective_add, name="objective-add"),
    path(f"{account}plans/<int:pk>/actions/add/", views.action_add, name="action-add"),
    path(f"{account}plans/<int:pk>/resources/add/", views.resource_add, name="resource-add"),
    path(f"{account}plans/<int:pk>/risks/add/", views.risk_add, name="risk-add"),
    path(f"{account}objectives/<int:pk>/edit/", views.objective_edit, name="objective-edit"),
    path(f"{account}actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path(f"{account}actions/<int:pk>/status/", views.action_status, name="action-status"),
    path(f"{account}resources/<int:pk>/decide/", views.resource_decide, name="resource-decide"),
    path(f"{account}risks/<int:pk>/edit/", views.risk_edit, name="risk-edit"),
    path(f"{account}reviews/", views.reviews, name="reviews"),
    path(f"{account}reviews/new/", views.review_add, name="review-add"),
    path(f"{account}reviews/attendees/", views.attendee_search, name="attendee-search"),
    path(f"{account}reviews/<int:pk>/", views.review_detail, name="review-detail"),
    path(f"{account}reviews/<int:pk>/edit/", views.review_edit, name="review-edit"),
    path(f"{account}reviews/<int:pk>/decisions/add/", views.decision_add, name="decision-add"),
    path(f"{account}report/", views.report, name="report"),
    path(f"{account}report.pdf", views.report_pdf, name="report-pdf"),
    path(f"{account}blockers/", views.blockers, name="blockers"),
    path(f"{account}blockers/add/", views.blocker_add, name="blocker-add"),
    path(f"{account}blockers/<int:pk>/edit/", views.blocker_edit, name="blocker-edit"),
]
