"""Account URLs: the project's extensions first, then allauth's own (same names, same paths)."""

from django.urls import include, path

from . import views

urlpatterns = [
    path("signup/", views.SignupView.as_view(), name="account_signup"),
    path("password/reset/", views.PasswordResetView.as_view(), name="account_reset_password"),
    path(
        "password/reset/confirm/",
        views.ConfirmPasswordResetCodeView.as_view(),
        name="account_confirm_password_reset_code",
    ),
    path(
        "password/reset/complete/",
        views.CompletePasswordResetView.as_view(),
        name="account_complete_password_reset",
    ),
    path(
        "password/reset/done/",
        views.PasswordResetCompletedView.as_view(),
        name="account_password_reset_completed",
    ),
    path(
        "confirm-email/",
        views.ConfirmEmailVerificationCodeView.as_view(),
        name="account_email_verification_sent",
    ),
    path("profile/", views.ProfileView.as_view(), name="account_profile"),
    path("profile/data/", views.DataDownloadView.as_view(), name="account_data"),
    path("profile/delete/", views.DeleteAccountView.as_view(), name="account_delete"),
    path("", include("allauth.account.urls")),
]
