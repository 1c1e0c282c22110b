// Inline drawings for the instructions: no image files, readable at 320 px, described for screen
// readers by their title and description.
import React from "react";

const INK = "#10201d";
const ACCENT = "#0f766e";
const MARK = "#b45309";

// A stick figure from its joints as "x,y" points, in this order: head, shoulder, hip, elbow, hand,
// knee, ankle, toe, then the other leg's knee and ankle.
function Figure({ joints }) {
  const [head, shoulder, hip, elbow, hand, knee, ankle, toe, otherKnee, otherAnkle] = joints
    .split(" ")
    .map((point) => point.split(",").map(Number));
  const line = (points) => points.map(([x, y], index) => `${index ? "L" : "M"}${x} ${y}`).join(" ");
  return (
    <g fill="none" stroke={INK} strokeWidth="5" strokeLinecap="round" strokeLinejoin="round">
      <circle cx={head[0]} cy={head[1]} r="11" fill={INK} stroke="none" />
      <path d={line([shoulder, hip])} />
      <path d={line([shoulder, elbow, hand])} />
      <path d={line([hip, otherKnee, otherAnkle])} stroke="#6b7c78" />
      <path d={line([hip, knee, ankle, toe])} />
    </g>
  );
}

const Floor = () => <path d="M10 190 H310" stroke="#6b7c78" strokeWidth="2" />;

function Label({ x, y, color, size = 14, anchor, text }) {
  return (
    <text x={x} y={y} fontSize={size} fill={color} fontWeight="700" textAnchor={anchor}>
      {text}
    </text>
  );
}

const SQUAT_DRAWING = (
  <>
    <Figure joints="80,38 80,52 80,106 64,78 78,100 80,146 80,186 96,186 88,144 70,162" />
    <Figure joints="256,43 250,57 228,106 230,80 230,102 251,146 232,186 248,186 226,146 206,162" />
    <path d="M251 146 L270 179" stroke={MARK} strokeWidth="2" strokeDasharray="4 3" />
    <path d="M262 165 A22 22 0 0 1 242 166" fill="none" stroke={MARK} strokeWidth="3" />
    <Label x="292" y="136" color={MARK} anchor="middle" text="45–60°" />
    <path
      d="M130 92 H178 M170 86 L178 92 L170 98 M130 112 H178 M138 106 L130 112 L138 118"
      stroke={ACCENT}
      strokeWidth="3"
      fill="none"
      strokeLinecap="round"
    />
    <Label x="154" y="80" color={ACCENT} anchor="middle" text="down" />
    <Label x="154" y="134" color={ACCENT} anchor="middle" text="up × 5" />
  </>
);

const LANDING_DRAWING = (
  <>
    <rect x="30" y="130" width="90" height="60" fill="#d7ebe8" stroke={INK} strokeWidth="2" />
    <path d="M20 130 V190 M15 130 H25 M15 190 H25" stroke={MARK} strokeWidth="2" />
    <Label x="6" y="124" size="13" color={MARK} text="30 cm" />
    <Figure joints="78,18 78,32 78,76 62,50 76,72 78,103 78,128 92,128 92,100 104,118" />
    <path d="M112 110 Q170 60 200 120" fill="none" stroke={ACCENT} strokeWidth="3" strokeDasharray="6 4" />
    <path d="M192 112 L200 120 L202 108" fill="none" stroke={ACCENT} strokeWidth="3" strokeLinecap="round" />
    <Figure joints="256,43 250,57 228,106 232,80 230,102 251,146 232,186 248,186 222,142 206,160" />
    <Label x="150" y="40" color={ACCENT} anchor="middle" text="step off" />
    <Label x="290" y="120" color={ACCENT} anchor="middle" text="land," />
    <Label x="290" y="136" color={ACCENT} anchor="middle" text="hold" />
  </>
);

// The phone upright, its lens at (47, 120); it stands on whatever is drawn under it.
const Phone = () => (
  <>
    <rect x="40" y="112" width="14" height="34" rx="3" fill={ACCENT} stroke={INK} strokeWidth="2" />
    <circle cx="47" cy="120" r="2.5" fill="#ffffff" />
  </>
);

// The phone's distance from the person: a double-headed arrow at height `y` from `from` to `to`.
function Distance({ from, to, y }) {
  const head = (x, back) => `M${x + back} ${y - 5} L${x} ${y} L${x + back} ${y + 5}`;
  return (
    <>
      <path d={`M${from} ${y} H${to} ${head(from, 6)} ${head(to, -6)}`} stroke={MARK} strokeWidth="2" fill="none" />
      <Label x={(from + to) / 2} y={y + 18} color={MARK} anchor="middle" text="2–3 m" />
    </>
  );
}

// The lens level with the person's knee-to-hip span: a bar at `x` from `hip` to `knee` (its
// labels at `labelX`, heights `labelY`), and a dotted line from the lens to `levelTo`.
function CameraHeight({ x, hip, knee, labelX, labelY: [hipY, kneeY], levelTo }) {
  return (
    <>
      <path d={`M${x} ${hip} V${knee}`} stroke={MARK} strokeWidth="2" />
      <Label x={labelX} y={hipY} size="12" color={MARK} anchor="end" text="hip" />
      <Label x={labelX} y={kneeY} size="12" color={MARK} anchor="end" text="knee" />
      <path d={`M58 120 H${levelTo}`} stroke={MARK} strokeWidth="1" strokeDasharray="2 3" />
    </>
  );
}

const PLACEMENT_DRAWING = (
  <>
    <rect x="28" y="146" width="40" height="44" fill="#d7ebe8" stroke={INK} strokeWidth="2" />
    <Phone />
    <path d="M52 120 L262 26 M52 120 L262 192" stroke={ACCENT} strokeWidth="1.5" strokeDasharray="5 4" />
    <Figure joints="262,38 262,52 262,106 276,78 264,100 262,146 262,186 248,186 254,144 272,162" />
    <Distance from={60} to={256} y={204} />
    <CameraHeight x={296} hip={106} knee={146} labelX={300} labelY={[100, 160]} levelTo={290} />
  </>
);

// A treadmill seen from the side, its console on the right: the deck from `x` for `length`.
function Treadmill({ x, length }) {
  const end = x + length;
  return (
    <g stroke={INK} strokeWidth="2">
      <rect x={x} y="172" width={length} height="14" rx="7" fill="#d7ebe8" />
      <path d={`M${end - 10} 172 L${end + 4} 98`} strokeWidth="4" strokeLinecap="round" />
      <rect x={end - 4} y="86" width="30" height="14" rx="3" fill="#d7ebe8" />
    </g>
  );
}

// A runner at midstance, facing the console: the stance leg under the hip, the other knee driven
// forward, the arm on the stance side swung forward; `dx` moves the figure along the belt.
const RUNNER = [
  [176, 40],
  [170, 56],
  [160, 104],
  [176, 84],
  [190, 72],
  [166, 136],
  [160, 168],
  [174, 170],
  [186, 120],
  [176, 150],
];
const runner = (dx) => RUNNER.map(([x, y]) => `${x + dx},${y}`).join(" ");

const RUNNING_DRAWING = (
  <>
    <Treadmill x={70} length={190} />
    <Figure joints={runner(0)} />
    <path
      d="M206 198 H110 M118 193 L110 198 L118 203"
      stroke={ACCENT}
      strokeWidth="3"
      fill="none"
      strokeLinecap="round"
    />
    <Label x="210" y="203" size="13" color={ACCENT} text="belt" />
    <Label x="36" y="70" color={ACCENT} anchor="middle" text="easy" />
    <Label x="36" y="86" color={ACCENT} anchor="middle" text="pace" />
    <Label x="36" y="120" color={MARK} anchor="middle" text="30 s" />
  </>
);

const RUNNING_PLACEMENT_DRAWING = (
  <>
    <path d="M47 146 V190 M47 160 L35 190 M47 160 L59 190" stroke={INK} strokeWidth="2" fill="none" />
    <Phone />
    <Label x="47" y="104" size="12" color={ACCENT} anchor="middle" text="behind" />
    <Treadmill x={110} length={150} />
    <Figure joints={runner(26)} />
    <path d="M52 120 L202 24 M52 120 L200 192" stroke={ACCENT} strokeWidth="1.5" strokeDasharray="5 4" />
    <Distance from={60} to={184} y={210} />
    <CameraHeight x={154} hip={104} knee={136} labelX={150} labelY={[110, 142]} levelTo={150} />
    <rect
      x="298"
      y="120"
      width="12"
      height="26"
      rx="3"
      fill="none"
      stroke={ACCENT}
      strokeWidth="2"
      strokeDasharray="3 2"
    />
    <Label x="316" y="76" size="12" color={ACCENT} anchor="end" text="or in front" />
  </>
);

// What each figure shows, said to screen readers, and its drawing.
const FIGURES = {
  squat: {
    id: "squat-figure",
    title: "Single-leg squat, seen from the side",
    description:
      "Left: standing on one leg with hands on hips, the other foot a hand's width off the floor. Right: the same person at the bottom of the squat, the standing knee bent about 45 to 60 degrees. An arrow shows going down and back up, 5 times.",
    drawing: SQUAT_DRAWING,
  },
  landing: {
    id: "landing-figure",
    title: "Single-leg drop landing, seen from the side",
    description:
      "A person stands on a box about 30 centimetres high, steps off forward and lands on one leg, bending the knee to absorb the landing, and holds still.",
    drawing: LANDING_DRAWING,
  },
  placement: {
    id: "placement-figure",
    title: "Where to put the phone, seen from the side",
    description:
      "The phone stands upright on a box or step, its camera at about knee-to-hip height, 2 to 3 metres in front of the person, who faces it. Dashed lines show the camera seeing the person from head to feet.",
    height: 230,
    drawing: PLACEMENT_DRAWING,
  },
  running: {
    id: "running-figure",
    title: "Running on a treadmill, seen from the side",
    description:
      "A person runs on a treadmill at an easy, steady pace, looking ahead, arms swinging. An arrow under the belt shows it moving. About 30 seconds of steady running is filmed.",
    height: 210,
    drawing: RUNNING_DRAWING,
  },
  runningPlacement: {
    id: "running-placement-figure",
    title: "Where to put the phone for running, seen from the side",
    description:
      "The phone stands upright on a small stand on the floor behind the treadmill, 2 to 3 metres from the runner, its camera at about knee-to-hip height. Dashed lines show it seeing the runner from head to feet. A dashed phone beyond the front of the treadmill shows the other place it may stand, where the treadmill leaves room.",
    height: 235,
    drawing: RUNNING_PLACEMENT_DRAWING,
  },
};

function Illustration({ figure }) {
  const { id, title, description, height = 200, drawing } = FIGURES[figure];
  return (
    <svg className="wiz-figure" viewBox={`0 0 320 ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <Floor />
      {drawing}
    </svg>
  );
}

export const SquatIllustration = () => <Illustration figure="squat" />;
export const LandingIllustration = () => <Illustration figure="landing" />;
export const PlacementIllustration = () => <Illustration figure="placement" />;
export const RunningIllustration = () => <Illustration figure="running" />;
export const RunningPlacementIllustration = () => <Illustration figure="runningPlacement" />;
