"""tahlil.spark on a real Spark standalone cluster (a master and a worker the test
starts on 127.0.0.1, executors running this Python): the model fitted on the cluster
is the one fitted locally, byte for byte, for any partitioning; transformed rows are
the local matrix's rows bit for bit; errors name the problem.

pyspark comes from PyPI (pinned in .ci/requirements-spark.txt) and needs Java 17.
Without pyspark these tests are skipped, unless TAHLIL_REQUIRE_SPARK is set (as
.ci/run sets it), when its absence is a failure.
"""

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import numpy as np
import pytest

import tahlil

if os.environ.get("TAHLIL_REQUIRE_SPARK"):
    import pyspark  # noqa: F401  (a missing pyspark fails here, not skips)
pyspark = pytest.importorskip("pyspark")

from tahlil import spark as ts  # noqa: E402

SEEDS = tahlil.seeds()


def generated(n=120, seed=5):
    """(id, text) rows of the seeds' own sentences, recombined (seeded)."""
    sentences = [s for _, text in SEEDS for s in text.replace("؟", ".").split(".") if s.strip()]
    rng = random.Random(seed)
    return [(f"g{i:03d}", " ".join(rng.sample(sentences, rng.randint(1, 6)))) for i in range(n)]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_worker(ui_port, processes, timeout=180):
    """Until the master's status page lists one ALIVE worker."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for p in processes:
            if p.poll() is not None:
                raise RuntimeError(f"a Spark daemon exited with {p.returncode}: {p.args}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{ui_port}/json/", timeout=5) as r:
                status = json.load(r)
            if any(w.get("state") == "ALIVE" for w in status.get("workers", [])):
                return
        except OSError:
            pass
        time.sleep(1)
    raise RuntimeError("the Spark worker did not register with the master in time")


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    home = os.path.dirname(pyspark.__file__)
    work = tmp_path_factory.mktemp("spark")
    env = {
        **os.environ,
        "SPARK_HOME": home,
        "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_LOG_DIR": str(work / "logs"),
        # Executors run this interpreter, which has tahlil installed.
        "PYSPARK_PYTHON": sys.executable,
    }
    os.environ.update({k: env[k] for k in ("SPARK_HOME", "SPARK_LOCAL_IP", "PYSPARK_PYTHON")})
    port, ui, worker_ui = free_port(), free_port(), free_port()
    spark_class = os.path.join(home, "bin", "spark-class")
    logs = open(work / "daemons.log", "wb")
    master = subprocess.Popen(
        [spark_class, "org.apache.spark.deploy.master.Master",
         "--host", "127.0.0.1", "--port", str(port), "--webui-port", str(ui)],
        env=env, stdout=logs, stderr=subprocess.STDOUT,
    )
    worker = subprocess.Popen(
        [spark_class, "org.apache.spark.deploy.worker.Worker", f"spark://127.0.0.1:{port}",
         "--host", "127.0.0.1", "--cores", "2", "--memory", "2g",
         "--webui-port", str(worker_ui), "--work-dir", str(work / "worker")],
        env=env, stdout=logs, stderr=subprocess.STDOUT,
    )
    try:
        wait_for_worker(ui, [master, worker])
        from pyspark.sql import SparkSession

        session = (
            SparkSession.builder.master(f"spark://127.0.0.1:{port}")
            .appName("tahlil-test")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.executor.memory", "1g")
            # One of the worker's two cores: the spark-submit test runs a second
            # application beside this one.
            .config("spark.cores.max", "1")
            .config("spark.pyspark.python", sys.executable)
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        yield session
        session.stop()
    except Exception:
        logs.flush()
        sys.stderr.write((work / "daemons.log").read_text(errors="replace")[-5000:])
        raise
    finally:
        for p in (worker, master):
            p.terminate()
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
        logs.close()
        shutil.rmtree(work, ignore_errors=True)


OPTIONS = [
    {},
    {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True},
    {"clitics": "split", "max_features": 200, "norm": "l1"},
]


@pytest.mark.parametrize("params", OPTIONS, ids=[str(p) for p in OPTIONS])
def test_fit_and_transform_on_the_cluster_equal_one_machine(spark, params):
    rows = generated()
    ids = [i for i, _ in rows]
    texts = [t for _, t in rows]
    local = tahlil.TfidfVectorizer(**params)
    X = local.fit_transform(texts)
    base = spark.createDataFrame(rows, ["id", "text"])
    for partitions in (1, 7):
        df = base.repartition(partitions)
        fitted = ts.fit(df, text_col="text", **params)
        assert fitted._model.to_json() == local._model.to_json()
        assert fitted.get_params() == local.get_params()
        out = ts.transform(df, fitted, text_col="text", output_col="tfidf")
        assert out.columns == ["id", "text", "tfidf"]
        got = {r.id: r.tfidf for r in out.collect()}
        assert len(got) == len(rows)
        for k, i in enumerate(ids):
            v = got[i]
            assert v.size == X.shape[1]
            assert np.array_equal(v.indices, X.indices[X.indptr[k] : X.indptr[k + 1]])
            assert v.values.tobytes() == X.data[X.indptr[k] : X.indptr[k + 1]].tobytes()


def test_count_vectorizer_and_spark_ml_take_the_column(spark):
    from pyspark.ml.clustering import KMeans

    df = spark.createDataFrame(generated(60), ["id", "text"]).repartition(3)
    counts = ts.fit(df, vectorizer=tahlil.CountVectorizer(min_df=2))
    assert isinstance(counts, tahlil.CountVectorizer)
    local = tahlil.CountVectorizer(min_df=2).fit([t for _, t in generated(60)])
    assert counts.vocabulary_ == local.vocabulary_
    # Transformed with the CountVectorizer: its raw counts, row by row.
    got = {r.id: r.counts for r in ts.transform(df, counts, output_col="counts").collect()}
    X = local.transform([t for _, t in generated(60)])
    for k, (i, _) in enumerate(generated(60)):
        assert got[i].indices.tolist() == X.indices[X.indptr[k] : X.indptr[k + 1]].tolist()
        assert got[i].values.tolist() == X.data[X.indptr[k] : X.indptr[k + 1]].tolist()
    tfidf = ts.transform(df, ts.fit(df), output_col="features")
    model = KMeans(k=3, seed=1, featuresCol="features").fit(tfidf)
    assert len(model.clusterCenters()) == 3


def test_errors_name_the_problem(spark):
    df = spark.createDataFrame(generated(10), ["id", "body"])
    with pytest.raises(ValueError, match="text_col 'text' is not a column of the DataFrame"):
        ts.fit(df)
    with pytest.raises(TypeError, match="either vectorizer or its keywords"):
        ts.fit(df, text_col="body", vectorizer=tahlil.TfidfVectorizer(), min_df=2)
    with pytest.raises(tahlil.NotFittedError):
        ts.transform(df, tahlil.TfidfVectorizer(), text_col="body")
    fitted = ts.fit(df, text_col="body")
    with pytest.raises(ValueError, match="output_col 'id' is already a column"):
        ts.transform(df, fitted, text_col="body", output_col="id")
    nulls = spark.createDataFrame([("a", "نص عربي"), ("b", None)], "id string, body string")
    with pytest.raises(Exception, match="a row's text is NoneType, not str"):
        ts.fit(nulls, text_col="body")


def local_records(X):
    """(row, col, value bits) of every non-zero of a CSR matrix, by row then column."""
    out = []
    for r in range(X.shape[0]):
        for k in range(X.indptr[r], X.indptr[r + 1]):
            out.append((r, int(X.indices[k]), float(X.data[k]).hex()))
    return out


def parquet_records(spark, path):
    rows = spark.read.parquet(path).collect()
    return sorted((r.row, r.col, float(r.value).hex()) for r in rows)


def test_write_parquet_is_the_command_line_layout(spark, tmp_path):
    rows = generated(50)
    # A shuffle's output order changes from one evaluation to the next: cached,
    # the DataFrame has one order, which the row numbers follow.
    df = spark.createDataFrame(rows, ["id", "text"]).repartition(4).cache()
    texts = [r.text for r in df.collect()]
    vec = ts.fit(df, ngram_range=(1, 2))
    ts.write_parquet(df, vec, str(tmp_path / "matrix"))
    schema = {f.name: f.dataType.simpleString() for f in spark.read.parquet(str(tmp_path / "matrix")).schema}
    assert schema == {"row": "bigint", "col": "int", "value": "double"}
    X = tahlil.TfidfVectorizer(ngram_range=(1, 2)).fit(texts).transform(texts)
    assert parquet_records(spark, str(tmp_path / "matrix")) == local_records(X)


def test_the_example_job_runs_under_spark_submit(spark, tmp_path):
    """python/examples/spark_job.py, as the README runs it, on the test cluster."""
    import csv

    rows = generated(40)
    with open(tmp_path / "corpus.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "text"])
        w.writerows(rows)
    job = os.path.join(os.path.dirname(__file__), "..", "examples", "spark_job.py")
    submit = os.path.join(os.environ["SPARK_HOME"], "bin", "spark-submit")
    out = tmp_path / "out"
    result = subprocess.run(
        [submit, "--master", spark.sparkContext.master, "--conf", "spark.cores.max=1",
         "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
         "--conf", "spark.ui.enabled=false", "--conf", "spark.executor.memory=1g",
         job, str(tmp_path / "corpus.csv"), str(out), "--ngram-max", "2", "--min-df", "2"],
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "terms ->" in result.stdout
    local = tahlil.TfidfVectorizer(ngram_range=(1, 2), min_df=2)
    X = local.fit_transform([t for _, t in rows])
    fitted = tahlil.TfidfVectorizer.load(str(out / "model.json"))
    assert fitted._model.to_json() == local._model.to_json()
    documents = sorted((r.row, r.id) for r in spark.read.parquet(str(out / "documents")).collect())
    order = [i for _, i in documents]
    by_id = {i: k for k, (i, _) in enumerate(rows)}
    # The matrix's rows are the documents' rows: reorder the local matrix to match.
    Y = X[[by_id[i] for i in order]]
    assert parquet_records(spark, str(out / "matrix")) == local_records(Y)
