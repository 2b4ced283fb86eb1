from django.db import models


class Resource(models.Model):
    """Something a course publishes: a book, a video series, a problem set."""

    name = models.CharField(max_length=200)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = 'resource'

    def __str__(self):
        return self.name


class Asset(models.Model):
    """A file of a resource. It used to belong to a publishing organization (migration 0002)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, null=True, related_name='assets')
    title = models.CharField(max_length=200)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = 'asset'
        indexes = [models.Index(fields=['title'], name='asset_title_idx')]

    def __str__(self):
        return self.title
