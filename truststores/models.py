from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse


class TrustStore(models.Model):
    """A named set of trusted certificates, plus (later) an own key pair."""

    name = models.CharField(max_length=64)
    description = models.CharField(max_length=255, blank=True)
    # Changes with every change of the store's certificates or own certificate;
    # outbound callers key their SSL context caches on it.
    content_version = models.PositiveBigIntegerField(default=1)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = [Lower("name")]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="truststore_name_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name
