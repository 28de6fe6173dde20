/** The file browser of a file-capable connection (SFTP, S3, Azure Blob): list, download, upload, delete. */
export { FilesPanel, type FilesPanelProps } from './FilesPanel.tsx';
