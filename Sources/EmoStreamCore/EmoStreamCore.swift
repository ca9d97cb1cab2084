// EmoStreamCore module.
