import { useEffect, useRef } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { Progress } from "../types";

// Scores over time, drawn with uPlot (bundled). Lines differ in dash as well as colour.
export function ProgressChart({ points }: { points: Progress["scores_over_time"] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || points.length === 0) return;
    const data: uPlot.AlignedData = [
      points.map((p) => Date.parse(p.at) / 1000),
      points.map((p) => p.overall),
      points.map((p) => p.accuracy),
      points.map((p) => p.stress),
    ];
    const opts: uPlot.Options = {
      width: el.clientWidth,
      height: 240,
      scales: { y: { range: [0, 100] } },
      series: [
        {},
        { label: "overall", stroke: "#1d4ed8", width: 2.5, points: { show: true } },
        { label: "accuracy", stroke: "#047857", width: 2, dash: [6, 3] },
        { label: "stress", stroke: "#b45309", width: 2, dash: [2, 3] },
      ],
      axes: [{}, { label: "score /100" }],
    };
    const chart = new uPlot(opts, data, el);
    const observer = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: 240 }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [points]);
  return <div ref={box} class="chart" role="img" aria-label={`Scores of your last ${points.length} attempts over time`} />;
}
