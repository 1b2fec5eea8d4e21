from django.urls import path

from opentvet.correspondence import views

app_name = "correspondence"

urlpatterns = [
    path("den/", views.incoming_view, name="incoming"),
    path("di/", views.outgoing_view, name="outgoing"),
    path("to-chuc/<str:org_id>/soan/", views.dispatch_create_view, name="dispatch_create"),
    path("to-chuc/<str:org_id>/nhap-edxml/", views.import_view, name="import"),
    path("di/<str:dispatch_id>/", views.dispatch_detail_view, name="dispatch_detail"),
    path("di/<str:dispatch_id>/gui/", views.dispatch_send_view, name="dispatch_send"),
    path("di/<str:dispatch_id>/tep/", views.dispatch_attach_view, name="dispatch_attach"),
    path("di/<str:dispatch_id>/in.<str:fmt>", views.dispatch_print_view, name="dispatch_print"),
    path("di/<str:dispatch_id>/edxml/", views.dispatch_export_view, name="dispatch_export"),
    path("den/<str:delivery_id>/", views.delivery_detail_view, name="delivery_detail"),
    path("den/<str:delivery_id>/giao/", views.delivery_assign_view, name="delivery_assign"),
    path("den/<str:delivery_id>/xu-ly/", views.delivery_handle_view, name="delivery_handle"),
    path("den/<str:delivery_id>/tra-loi/", views.delivery_reply_view, name="delivery_reply"),
    path("tep/<str:attachment_id>/", views.attachment_view, name="attachment"),
]
