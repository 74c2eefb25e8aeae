"""``{% poll_widget poll %}``: the poll block that news, region pages and the home page embed."""

from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def poll_widget(context, poll):
    if poll is None or not (request := context.get("request")):
        return ""
    from birgemiz.polls.views import widget_context

    return render_to_string("polls/partials/widget.html", widget_context(request, poll), request=request)
