from django.conf import settings
from django.db import models


class Course(models.Model):
    title = models.CharField(max_length=200)
    instructor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    assets = models.ManyToManyField('content.Asset', blank=True, related_name='courses')

    class Meta:
        db_table = 'course'

    def __str__(self):
        return self.title
