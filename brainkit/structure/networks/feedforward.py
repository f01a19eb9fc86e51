"""FeedForwardNetwork: a network without recurrent connections."""

from brainkit.structure.networks.network import Network


class FeedForwardNetwork(Network):
    """A network whose connections all point forward.

    Every ``activate`` starts from a fresh state (PyBrain resets the network on
    each call [SURPRISE]), so a batch of samples is just B independent samples.

    >>> from brainkit import LinearLayer, FullConnection
    >>> net = FeedForwardNetwork()
    >>> a, b = LinearLayer(2, name='a'), LinearLayer(1, name='b')
    >>> net.addInputModule(a); net.addOutputModule(b)
    >>> net.addConnection(FullConnection(a, b, name='ab'))
    >>> net.sortModules()
    >>> net.params[:] = [1.0, 2.0]
    >>> net.activate([3.0, 4.0])
    array([11.])
    """
