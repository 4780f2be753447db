from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("users/", views.user_list, name="users"),
    path("users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("users/<int:user_id>/require-password-change/", views.require_password_change, name="require_password_change"),
    path("users/<int:user_id>/unlock/", views.unlock, name="unlock"),
    path("users/<int:user_id>/reset-password/", views.reset_password, name="reset_password"),
]
