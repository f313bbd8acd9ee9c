"""Names of the network-wide groups (roles that are not tied to one association)."""

COORDINATORS = "Coordination"
ORIENTATION_AGENTS = "Agents d'orientation"
# Every person with an active membership, plus coordinators and agents: the group
# that Wagtail's page view restrictions of the workspace subtree name.
NETWORK = "Réseau"

# Members named to draft one meeting's minutes: they may open the page editor.
SECRETARIES = "Secrétaires de séance"

ALL = [COORDINATORS, ORIENTATION_AGENTS, NETWORK]
