"""Building a network costs constant time per module and connection (a file
with 300,000 modules must not take minutes): no add* call walks what the
network already holds."""

from brainkit import FeedForwardNetwork, FullConnection, LinearLayer, RecurrentNetwork


class Watched(list):
    """A list that counts the walks over it."""

    walks = 0

    def __iter__(self):
        Watched.walks += 1
        return list.__iter__(self)

    def __contains__(self, item):
        Watched.walks += 1
        return list.__contains__(self, item)


def test_adding_modules_and_connections_walks_nothing():
    net = RecurrentNetwork(name="big")
    net.modules, net.inmodules, net.outmodules = Watched(), Watched(), Watched()
    net.recurrentConns = Watched()
    layers = [LinearLayer(1) for _ in range(200)]     # unnamed: names are made up as well
    Watched.walks = 0
    net.addInputModule(layers[0])
    net.addOutputModule(layers[-1])
    for a, b in zip(layers, layers[1:]):
        net.addModule(b)
        net.addConnection(FullConnection(a, b))
        net.addRecurrentConnection(FullConnection(b, a))
    assert Watched.walks == 0
    net.sortModules()
    assert net.activate([1.0]).shape == (1,)
    assert [m.name for m in (layers[0], layers[-1], layers[1])] == [
        "LinearLayer-1", "LinearLayer-2", "LinearLayer-3"]       # in the order added


def test_automatic_names_skip_the_taken_ones():
    net = FeedForwardNetwork()
    net.addInputModule(LinearLayer(1, name="LinearLayer-2"))
    made = [LinearLayer(1) for _ in range(3)]
    for m in made:
        net.addModule(m)
    assert [m.name for m in made] == ["LinearLayer-1", "LinearLayer-3", "LinearLayer-4"]
