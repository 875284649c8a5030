"""tahlil on Apache Spark: fit on a DataFrame's text column, transform it into
``pyspark.ml.linalg.SparseVector`` rows. Spark schedules; tahlil counts and transforms.

The fit runs in the three steps of :class:`tahlil.CountState`: each partition is
counted on its executor (a state per partition: per term its documents and
occurrences), the states are merged with a tree reduction, and the model is
finished on the driver. Merging is associative and commutative, so the model is
exactly the one ``tahlil.TfidfVectorizer().fit`` makes on the same texts on one
machine, however the DataFrame is partitioned; the model then travels to the
executors once (a broadcast), and each row's vector is the one ``transform``
gives locally, bit for bit.

    >>> from tahlil import spark as ts                      # doctest: +SKIP
    >>> vec = ts.fit(df, text_col="text", ngram_range=(1, 2), min_df=2)
    >>> out = ts.transform(df, vec, text_col="text", output_col="tfidf")
    >>> from pyspark.ml.clustering import KMeans
    >>> KMeans(k=8, featuresCol="tfidf").fit(out)

Every executor needs the tahlil package (and its numpy and scipy) in the Python
that runs its tasks: see "Beyond one machine" in tahlil's README.
"""

from . import _tahlil
from ._vectorizers import CountVectorizer, TfidfVectorizer

__all__ = ["fit", "transform", "write_parquet"]

# Rows handed to the vectorizer at once by a transform task.
_BATCH = 1024


def _require_pyspark():
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise ImportError(
            "tahlil.spark needs pyspark: pip install pyspark (the version of your cluster's Spark)"
        ) from None


def _column(df, text_col, method):
    if text_col not in df.columns:
        raise ValueError(f"{method}(): text_col {text_col!r} is not a column of the DataFrame (its columns: {df.columns})")
    return df.columns.index(text_col)


def _texts(rows, index, method):
    for row in rows:
        text = row[index]
        if not isinstance(text, str):
            raise TypeError(
                f"{method}(): a row's text is {type(text).__name__}, not str "
                f"(null texts: filter them out or fill them first, e.g. df.na.fill('', [text_col]))"
            )
        yield text


def fit(df, text_col="text", vectorizer=None, depth=2, **params):
    """A fitted :class:`tahlil.TfidfVectorizer` (or the given, unfitted ``vectorizer``,
    a ``TfidfVectorizer`` or ``CountVectorizer``, fitted in place) on the texts of
    ``df[text_col]``, counted on the executors.

    ``params`` are the vectorizer's keywords (``ngram_range=(1, 2)``, ``min_df=2``,
    ``clitics='split'``, …) when no ``vectorizer`` is given. ``depth`` is the depth of
    the tree reduction that merges the partitions' states (Spark's ``treeReduce``).
    The result is the same for any partitioning and any ``depth``.
    """
    _require_pyspark()
    method = "tahlil.spark.fit"
    if vectorizer is None:
        vectorizer = TfidfVectorizer(**params)
    elif params:
        raise TypeError(f"{method}(): give either vectorizer or its keywords ({sorted(params)}), not both")
    if not isinstance(vectorizer, (TfidfVectorizer, CountVectorizer)):
        raise TypeError(
            f"{method}(): vectorizer must be a tahlil.TfidfVectorizer or CountVectorizer, not {type(vectorizer).__name__}"
        )
    if not isinstance(depth, int) or isinstance(depth, bool) or depth < 1:
        raise ValueError(f"{method}(): depth must be an int of at least 1, got {depth!r}")
    _column(df, text_col, method)
    cls, settings = type(vectorizer), vectorizer.get_params()
    # One task is one core's work: counting in it uses one thread.
    settings["n_jobs"] = 1

    def count(rows):
        # The rows of df.select(text_col): the text is their one field.
        yield cls(**settings).count(_texts(rows, 0, method)).to_bytes()

    def merge(a, b):
        return _tahlil.CountState.from_bytes(a).merge(_tahlil.CountState.from_bytes(b)).to_bytes()

    states = df.select(text_col).rdd.mapPartitions(count)
    if states.getNumPartitions() == 0:
        raise ValueError(f"{method}(): the corpus is empty: the DataFrame has no partitions")
    state = _tahlil.CountState.from_bytes(states.treeReduce(merge, depth))
    return vectorizer.fit_state(state)


# Each executor's Python worker keeps the vectorizers it has built, by model: the
# model.json of a large vocabulary takes a while to read, and a worker runs many tasks.
_models = {}


def _fitted(cls, model_json):
    key = (cls, hash(model_json), len(model_json))
    vectorizer = _models.get(key)
    if vectorizer is None:
        model = _tahlil.Model.from_json(model_json)
        # A CountVectorizer takes no weighting keywords: its model fixes them.
        names = set(cls._param_names())
        vectorizer = cls(n_jobs=1, **{k: v for k, v in model.settings().items() if k in names})
        vectorizer._fitted(model)
        _models.clear()  # one model at a time: they can be large
        _models[key] = vectorizer
    return vectorizer


def _rows_vectors(rows, text_of, cls, model_json, method):
    """Each row with its vector's (indices, values), a batch of rows transformed at once."""
    v = _fitted(cls, model_json)
    batch = []

    def flush():
        X = v.transform(_texts(((text_of(r),) for r in batch), 0, method))
        for k, row in enumerate(batch):
            s, e = X.indptr[k], X.indptr[k + 1]
            yield row, (X.indices[s:e].tolist(), X.data[s:e].tolist())
        batch.clear()

    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            yield from flush()
    if batch:
        yield from flush()


def transform(df, vectorizer, text_col="text", output_col="tfidf"):
    """``df`` with a column ``output_col`` of ``pyspark.ml.linalg.SparseVector``: each
    row's text in the columns of the fitted ``vectorizer`` (from :func:`fit`, or fitted
    locally), exactly as ``vectorizer.transform`` computes it. The model is sent to the
    executors once. Spark ML (KMeans, LDA, BucketedRandomProjectionLSH, …) takes the
    column as its features; ``df.write.parquet`` stores it."""
    _require_pyspark()
    from pyspark.ml.linalg import SparseVector, VectorUDT
    from pyspark.sql.types import StructField, StructType

    method = "tahlil.spark.transform"
    if not isinstance(vectorizer, (TfidfVectorizer, CountVectorizer)):
        raise TypeError(
            f"{method}(): vectorizer must be a fitted tahlil.TfidfVectorizer or CountVectorizer, "
            f"not {type(vectorizer).__name__}"
        )
    model = vectorizer._check_fitted(method)
    index = _column(df, text_col, method)
    if output_col in df.columns:
        raise ValueError(f"{method}(): output_col {output_col!r} is already a column of the DataFrame")
    cls = type(vectorizer)
    model_json = df.sparkSession.sparkContext.broadcast(model.to_json())
    width = len(model.terms())

    def vectors(rows):
        for row, (indices, values) in _rows_vectors(rows, lambda r: r[index], cls, model_json.value, method):
            yield (*row, SparseVector(width, indices, values))

    schema = StructType([*df.schema.fields, StructField(output_col, VectorUDT(), False)])
    return df.sparkSession.createDataFrame(df.rdd.mapPartitions(vectors), schema)


def write_parquet(df, vectorizer, path, text_col="text", mode="errorifexists"):
    """Writes the matrix of ``df[text_col]`` in the fitted ``vectorizer``'s columns to
    ``path`` as ``tahlil vectorize --matrix-format parquet`` writes it: one
    ``(row, col, value)`` record per non-zero (``row`` int64, ``col`` int32, ``value``
    double), rows numbered from 0 in the DataFrame's order, one file per partition,
    written by the executors. ``mode`` is Spark's save mode. Save the model beside it
    with ``vectorizer.save``: it names the columns.

    The DataFrame is read twice (to fit, if :func:`fit` ran on it, and here), and its
    order must be the same each time: a DataFrame read from files keeps it; one after a
    shuffle (``repartition``, a join) should be cached or sorted first."""
    _require_pyspark()
    from pyspark.sql.types import DoubleType, IntegerType, LongType, StructField, StructType

    method = "tahlil.spark.write_parquet"
    _column(df, text_col, method)
    if not isinstance(vectorizer, (TfidfVectorizer, CountVectorizer)):
        raise TypeError(
            f"{method}(): vectorizer must be a fitted tahlil.TfidfVectorizer or CountVectorizer, "
            f"not {type(vectorizer).__name__}"
        )
    model = vectorizer._check_fitted(method)
    cls = type(vectorizer)
    model_json = df.sparkSession.sparkContext.broadcast(model.to_json())

    # Rows numbered first (zipWithIndex counts the texts, a cheap job), then
    # transformed once, each partition's texts in batches.
    def records(pairs):
        for (_, number), (indices, values) in _rows_vectors(pairs, lambda p: p[0][0], cls, model_json.value, method):
            for j, x in zip(indices, values):
                yield (number, j, x)

    numbered = df.select(text_col).rdd.zipWithIndex()
    schema = StructType(
        [
            StructField("row", LongType(), False),
            StructField("col", IntegerType(), False),
            StructField("value", DoubleType(), False),
        ]
    )
    table = df.sparkSession.createDataFrame(numbered.mapPartitions(records), schema)
    table.write.mode(mode).parquet(path)
