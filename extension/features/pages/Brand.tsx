import markUrl from '../../assets/mark.svg';

/** The product's mark and name, at the top of every Floorwalker page. */
export function Brand(props: { tagline?: string; size?: number }) {
  const size = () => props.size ?? 44;
  return (
    <div class="brand">
      <img src={markUrl} width={size()} height={size()} alt="" />
      <div>
        <div class="brand-name">Floorwalker</div>
        {props.tagline && <div class="brand-tagline">{props.tagline}</div>}
      </div>
    </div>
  );
}
