"""UnsupervisedDataSet: samples without targets, in one field ``sample``."""

from brainkit.datasets.dataset import DataSet


class UnsupervisedDataSet(DataSet):
    """Samples of ``dim`` values, the linked field ``sample``.

    >>> ds = UnsupervisedDataSet(3)
    >>> ds.addSample([1, 2, 3]); ds.addSample([4, 5, 6])
    >>> len(ds), ds['sample'].shape, ds.getSample(1)[0].tolist()
    (2, (2, 3), [4.0, 5.0, 6.0])
    """

    _meta_names = ("dim",)

    def __init__(self, dim):
        DataSet.__init__(self)
        self.addField("sample", dim)
        self.linkFields(["sample"])
        self.dim = self.getDimension("sample")

    def _check_loaded(self):
        super()._check_loaded()
        self._check_field("sample")
        if type(self.dim) is not int or self.dim != self.getDimension("sample"):
            raise ValueError(f"dim is {self.dim!r}, but the field 'sample' has "
                             f"{self.getDimension('sample')} columns")

    def addSample(self, sample):
        """Append one sample (checked for width and NaN)."""
        self.appendLinked(sample)

    def getSample(self, index=None):
        """``[sample]``: the row at ``index`` (at the cursor if None), in a list
        as PyBrain returned it."""
        return self.getLinked(index)
