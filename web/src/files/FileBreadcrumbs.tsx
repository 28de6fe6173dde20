import { Anchor, Breadcrumbs, Text } from '@mantine/core';
import { crumbsOf } from './file-paths.ts';

/** Where the browser is, from the top down; every directory above is a link back to it. */
export function FileBreadcrumbs({ path, topLabel, onPath }: { path: string; topLabel: string; onPath(path: string): void }) {
  const crumbs = crumbsOf(path, topLabel);
  return (
    <nav aria-label="Folder path">
      <Breadcrumbs>
        {crumbs.map((crumb, index) =>
          index === crumbs.length - 1 ? (
            <Text key={crumb.path} fw={600} aria-current="location">
              {crumb.label}
            </Text>
          ) : (
            <Anchor key={crumb.path} component="button" type="button" onClick={() => onPath(crumb.path)}>
              {crumb.label}
            </Anchor>
          ),
        )}
      </Breadcrumbs>
    </nav>
  );
}
