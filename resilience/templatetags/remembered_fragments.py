"""`{% remembered "name" arg… %}…{% endremembered %}`: the enclosed part of a page rendered
once per generation of the content, language and arguments (resilience/fragments.py says what may
be remembered and what may not)."""

from django import template

from resilience.fragments import remembered_html

register = template.Library()


class RememberedNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        name = ":".join(str(part.resolve(context)) for part in self.parts)
        return remembered_html(name, lambda: self.nodelist.render(context), context.get("request"))


@register.tag
def remembered(parser, token):
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not parts:
        raise template.TemplateSyntaxError("{% remembered %} needs a name")
    nodelist = parser.parse(("endremembered",))
    parser.delete_first_token()
    return RememberedNode(nodelist, parts)
