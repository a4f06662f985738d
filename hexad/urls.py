"""Hexad's URLs. Every app has its own namespace."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from hexad.core import export_views
from hexad.core import views as core_views
from hexad.people import views as people_views

admin.site.site_header = _("Hexad administration")
admin.site.site_title = _("Hexad administration")
admin.site.index_title = _("Users, tiers, roles and data")

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", people_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", people_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("language/", core_views.set_language, name="set-language"),
    path("export/", export_views.export_page, name="export-everything"),
    path("export/everything.json", export_views.export_download, name="export-everything-download"),
    path("accounts/", include("hexad.accounts.urls")),
    path("accounts/", include("hexad.relationships.urls")),
    path("coverage/", include("hexad.coverage.urls")),
    path("staffing/", include("hexad.staffing.urls")),
    path("growth/", include("hexad.growth.urls")),
    path("planning/", include("hexad.planning.urls")),
    path("history/", include("hexad.history.urls")),
    path("people/", include("hexad.people.urls")),
    path("roles/", include("hexad.roles.urls")),
    path("import/", include("hexad.transfer.urls")),
    path("api/v1/", include("hexad.api.urls")),
    path("admin/", admin.site.urls),
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("hexad/hexad.svg")),
        name="favicon",
    ),
]
