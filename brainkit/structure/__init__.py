"""The network structure: modules, connections and networks (PyBrain's layout)."""

from brainkit.structure.modules import *  # noqa: F401,F403
from brainkit.structure.modules import __all__ as _modules
from brainkit.structure.connections import *  # noqa: F401,F403
from brainkit.structure.connections import __all__ as _connections
from brainkit.structure.networks import *  # noqa: F401,F403
from brainkit.structure.networks import __all__ as _networks
from brainkit.structure.parametercontainer import ParameterContainer
from brainkit.structure.modulemesh import ModuleMesh

__all__ = [*_modules, *_connections, *_networks, "ParameterContainer", "ModuleMesh"]
