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
