"""A complete tahlil job for spark-submit: TF-IDF of a corpus on a Spark cluster.

    spark-submit --master spark://HOST:7077 python/examples/spark_job.py INPUT OUT [--text-col text]

INPUT is a Parquet or CSV file or directory with a text column (CSV: with a header
row). OUT receives matrix/ (Parquet, one (row, col, value) record per non-zero, as
`tahlil vectorize --matrix-format parquet` writes it), model.json (tahlil's model:
vocabulary, idf, settings; `tahlil vectorize --model` and `TfidfVectorizer.load` read
it) and documents/ (Parquet: each row's number with the input's other columns).
OUT must be a path the driver can write (model.json is written there by the driver).
"""

import argparse
import os

from pyspark.sql import SparkSession

from tahlil import spark as ts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("out")
    parser.add_argument("--text-col", default="text")
    parser.add_argument("--ngram-max", type=int, default=1, help="word n-grams up to this length")
    parser.add_argument("--min-df", type=int, default=1)
    args = parser.parse_args()

    spark = SparkSession.builder.appName("tahlil-tfidf").getOrCreate()
    if args.input.endswith(".csv") or os.path.isdir(args.input) and any(
        f.endswith(".csv") for f in os.listdir(args.input)
    ):
        df = spark.read.option("header", True).option("multiLine", True).option("escape", '"').csv(args.input)
    else:
        df = spark.read.parquet(args.input)
    df = df.na.drop(subset=[args.text_col])

    vec = ts.fit(df, text_col=args.text_col, ngram_range=(1, args.ngram_max), min_df=args.min_df)
    ts.write_parquet(df, vec, os.path.join(args.out, "matrix"), text_col=args.text_col)
    os.makedirs(args.out, exist_ok=True)
    vec.save(os.path.join(args.out, "model.json"))
    # Row numbers in the same order as matrix/'s rows: zipWithIndex over the same DataFrame.
    others = [c for c in df.columns if c != args.text_col]
    rows = df.select(*others).rdd.zipWithIndex().map(lambda p: (p[1], *p[0]))
    spark.createDataFrame(rows, ["row", *others]).write.parquet(os.path.join(args.out, "documents"))
    print(f"tahlil: {len(vec.get_feature_names_out())} terms -> {args.out}")
    spark.stop()


if __name__ == "__main__":
    main()
