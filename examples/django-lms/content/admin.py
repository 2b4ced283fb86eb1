from django.contrib import admin

from .models import Asset, Resource

admin.site.register(Resource)
admin.site.register(Asset)
