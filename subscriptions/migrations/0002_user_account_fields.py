import django_countries.fields
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('subscriptions', '0001_initial'),
    ]

    operations = [
        migrations.AlterField(
            model_name='user',
            name='country',
            field=django_countries.fields.CountryField(blank=True, max_length=2, verbose_name='country'),
        ),
        migrations.AddField(
            model_name='user',
            name='terms_accepted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='terms of use accepted'),
        ),
        migrations.AddField(
            model_name='user',
            name='newsletter_requested',
            field=models.BooleanField(default=False, verbose_name='asked for the newsletter at sign-up'),
        ),
    ]
