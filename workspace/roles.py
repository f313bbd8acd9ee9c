"""The network-wide roles (not tied to one association), held by groups of each network.

The first network's groups keep the names they always had (below); a network created later
has its own groups, named after it (``workspace.services.networks``). ``group(role)`` is the
current network's group for a role.
"""

from . import networks

COORDINATORS = "Coordination"
ORIENTATION_AGENTS = "Agents d'orientation"
# Every person with an active membership, plus coordinators and agents: the group
# that Wagtail's page view restrictions of the workspace subtree name.
NETWORK = "Réseau"

# Members named to draft one meeting's minutes: they may open the page editor.
SECRETARIES = "Secrétaires de séance"

ALL = [COORDINATORS, ORIENTATION_AGENTS, NETWORK]

# The Network fields that hold each role's group, with the first network's group names.
FIELDS = {
    "coordinators": COORDINATORS,
    "orientation_agents": ORIENTATION_AGENTS,
    "members": NETWORK,
    "secretaries": SECRETARIES,
}


def group(role, network=None):
    """The group of ``role`` (a key of ``FIELDS``) in ``network`` (default: the current one)."""
    # roles is read while the apps load (the models' modules): auth's models are not
    # importable yet at that time.
    from django.contrib.auth.models import Group

    network = network or networks.current_or_default()
    if network is None:
        return Group.objects.get_or_create(name=FIELDS[role])[0]
    return getattr(network, role)


def network_groups(network=None):
    """The groups the network's restricted pages admit: coordination, agents, members."""
    return [group(role, network) for role in ("coordinators", "orientation_agents", "members")]


def group_name(role, network=None):
    return group(role, network).name
