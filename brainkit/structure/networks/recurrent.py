"""RecurrentNetwork: connections that carry a module's output to the next step."""

from brainkit.structure.networks.network import Network, natural_key


class RecurrentNetwork(Network):
    """A network that also has recurrent connections, which feed the output of
    their source module at step t-1 into their target at step t (zeros at t=0).

    ``activate`` steps one time step and keeps the state until ``reset()``;
    ``backActivate`` goes back one step at a time (backpropagation through time).
    """

    sequential = True

    def addRecurrentConnection(self, c):
        """Add a connection from ``c.inmod`` at t-1 to ``c.outmod`` at t."""
        self._check_connection(c)
        self.recurrentConns.append(c)
        self.sorted = False

    def __str__(self):
        by_name = sorted(self.recurrentConns, key=lambda c: natural_key(c.name))
        return Network.__str__(self) + f"   Recurrent Connections:\n    {by_name}"
