// One palette for every chart; colours chosen to stay distinct for common colour-vision
// deficiencies (Okabe–Ito) and to meet 3:1 contrast against the white panels.
export const COLORS = {
  deliveries: '#0072B2',
  unique: '#56B4E9',
  situations: '#D55E00',
  ratio: '#009E73',
  mtta: '#0072B2',
  mttr: '#D55E00',
  funnel: '#0072B2',
  funnelBad: '#CC79A7',
  grid: '#e3e7ee',
  axis: '#5b6472',
};

export const AXIS_TICK = { fill: COLORS.axis, fontSize: 12 };
