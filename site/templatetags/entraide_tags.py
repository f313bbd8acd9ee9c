from django import template

from workspace import networks

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "")


@register.simple_tag
def network_town():
    """The town of the current network (``workspace.networks``): "Roubaix", "Tourcoing"…"""
    network = networks.current_or_default()
    return network.town if network is not None else ""
