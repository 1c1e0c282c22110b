// Inline drawings for the instructions: no image files, readable at 320 px, described for screen
// readers by their title and description.
import React from "react";

const INK = "#10201d";
const ACCENT = "#0f766e";
const MARK = "#b45309";

function Figure({ head, shoulder, hip, elbow, hand, knee, ankle, toe, otherKnee, otherAnkle }) {
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

function Svg({ id, title, description, children, height = 200 }) {
  return (
    <svg className="wiz-figure" viewBox={`0 0 320 ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      {children}
    </svg>
  );
}

const Floor = ({ y = 190 }) => <path d={`M10 ${y} H310`} stroke="#6b7c78" strokeWidth="2" />;

export function SquatIllustration() {
  return (
    <Svg
      id="squat-figure"
      title="Single-leg squat, seen from the side"
      description="Left: standing on one leg with hands on hips, the other foot a hand's width off the floor. Right: the same person at the bottom of the squat, the standing knee bent about 45 to 60 degrees. An arrow shows going down and back up, 5 times."
    >
      <Floor />
      <Figure
        head={[80, 38]}
        shoulder={[80, 52]}
        hip={[80, 106]}
        elbow={[64, 78]}
        hand={[78, 100]}
        knee={[80, 146]}
        ankle={[80, 186]}
        toe={[96, 186]}
        otherKnee={[88, 144]}
        otherAnkle={[70, 162]}
      />
      <Figure
        head={[256, 43]}
        shoulder={[250, 57]}
        hip={[228, 106]}
        elbow={[230, 80]}
        hand={[230, 102]}
        knee={[251, 146]}
        ankle={[232, 186]}
        toe={[248, 186]}
        otherKnee={[226, 146]}
        otherAnkle={[206, 162]}
      />
      <path d="M251 146 L270 179" stroke={MARK} strokeWidth="2" strokeDasharray="4 3" />
      <path d="M262 165 A22 22 0 0 1 242 166" fill="none" stroke={MARK} strokeWidth="3" />
      <text x="292" y="136" fontSize="14" fill={MARK} fontWeight="700" textAnchor="middle">
        45–60°
      </text>
      <path
        d="M130 92 H178 M170 86 L178 92 L170 98 M130 112 H178 M138 106 L130 112 L138 118"
        stroke={ACCENT}
        strokeWidth="3"
        fill="none"
        strokeLinecap="round"
      />
      <text x="154" y="80" fontSize="14" fill={ACCENT} fontWeight="700" textAnchor="middle">
        down
      </text>
      <text x="154" y="134" fontSize="14" fill={ACCENT} fontWeight="700" textAnchor="middle">
        up × 5
      </text>
    </Svg>
  );
}

export function LandingIllustration() {
  return (
    <Svg
      id="landing-figure"
      title="Single-leg drop landing, seen from the side"
      description="A person stands on a box about 30 centimetres high, steps off forward and lands on one leg, bending the knee to absorb the landing, and holds still."
    >
      <Floor />
      <rect x="30" y="130" width="90" height="60" fill="#d7ebe8" stroke={INK} strokeWidth="2" />
      <path d="M20 130 V190 M15 130 H25 M15 190 H25" stroke={MARK} strokeWidth="2" />
      <text x="6" y="124" fontSize="13" fill={MARK} fontWeight="700">
        30 cm
      </text>
      <Figure
        head={[78, 18]}
        shoulder={[78, 32]}
        hip={[78, 76]}
        elbow={[62, 50]}
        hand={[76, 72]}
        knee={[78, 103]}
        ankle={[78, 128]}
        toe={[92, 128]}
        otherKnee={[92, 100]}
        otherAnkle={[104, 118]}
      />
      <path d="M112 110 Q170 60 200 120" fill="none" stroke={ACCENT} strokeWidth="3" strokeDasharray="6 4" />
      <path d="M192 112 L200 120 L202 108" fill="none" stroke={ACCENT} strokeWidth="3" strokeLinecap="round" />
      <Figure
        head={[256, 43]}
        shoulder={[250, 57]}
        hip={[228, 106]}
        elbow={[232, 80]}
        hand={[230, 102]}
        knee={[251, 146]}
        ankle={[232, 186]}
        toe={[248, 186]}
        otherKnee={[222, 142]}
        otherAnkle={[206, 160]}
      />
      <text x="150" y="40" fontSize="14" fill={ACCENT} fontWeight="700" textAnchor="middle">
        step off
      </text>
      <text x="290" y="120" fontSize="14" fill={ACCENT} fontWeight="700" textAnchor="middle">
        land,
      </text>
      <text x="290" y="136" fontSize="14" fill={ACCENT} fontWeight="700" textAnchor="middle">
        hold
      </text>
    </Svg>
  );
}

export function PlacementIllustration() {
  return (
    <Svg
      id="placement-figure"
      title="Where to put the phone, seen from the side"
      description="The phone stands upright on a box or step, its camera at about knee-to-hip height, 2 to 3 metres in front of the person, who faces it. Dashed lines show the camera seeing the person from head to feet."
      height={230}
    >
      <Floor />
      <rect x="28" y="146" width="40" height="44" fill="#d7ebe8" stroke={INK} strokeWidth="2" />
      <rect x="40" y="112" width="14" height="34" rx="3" fill={ACCENT} stroke={INK} strokeWidth="2" />
      <circle cx="47" cy="120" r="2.5" fill="#ffffff" />
      <path d="M52 120 L262 26 M52 120 L262 192" stroke={ACCENT} strokeWidth="1.5" strokeDasharray="5 4" />
      <Figure
        head={[262, 38]}
        shoulder={[262, 52]}
        hip={[262, 106]}
        elbow={[276, 78]}
        hand={[264, 100]}
        knee={[262, 146]}
        ankle={[262, 186]}
        toe={[248, 186]}
        otherKnee={[254, 144]}
        otherAnkle={[272, 162]}
      />
      <path
        d="M60 204 H256 M66 199 L60 204 L66 209 M250 199 L256 204 L250 209"
        stroke={MARK}
        strokeWidth="2"
        fill="none"
      />
      <text x="158" y="222" fontSize="14" fill={MARK} fontWeight="700" textAnchor="middle">
        2–3 m
      </text>
      <path d="M296 106 V146" stroke={MARK} strokeWidth="2" />
      <text x="300" y="100" fontSize="12" fill={MARK} fontWeight="700" textAnchor="end">
        hip
      </text>
      <text x="300" y="160" fontSize="12" fill={MARK} fontWeight="700" textAnchor="end">
        knee
      </text>
      <path d="M58 120 H290" stroke={MARK} strokeWidth="1" strokeDasharray="2 3" />
    </Svg>
  );
}
